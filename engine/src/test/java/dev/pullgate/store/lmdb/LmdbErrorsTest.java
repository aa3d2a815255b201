package dev.pullgate.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGateConfig;
import dev.pullgate.error.StoreException;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;
import org.lmdbjava.Env;

class LmdbErrorsTest {

  @Test
  void readersFull_namesTheSettingThatRaisesTheLimit() throws ReflectiveOperationException {
    // lmdbjava builds its exceptions itself; a full reader table is hard to reach on purpose.
    Constructor<Env.ReadersFullException> constructor =
        Env.ReadersFullException.class.getDeclaredConstructor();
    constructor.setAccessible(true);

    StoreException e = LmdbErrors.toStoreException("read", constructor.newInstance());

    assertThat(e.getMessage())
        .isEqualTo("read failed: LMDB's reader table is full; raise pullgate.store.maxReaders")
        .endsWith(PullGateConfig.STORE_MAX_READERS);
  }
}
