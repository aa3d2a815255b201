package dev.pullgate.store.lmdb;

import dev.pullgate.credential.CredentialHash;
import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** A record with every credential hash replaced by its keyed form, for {@code rekey}. */
final class RecordRekeying {
  private RecordRekeying() {}

  static PulledRecord rekeyed(PulledRecord record, UnaryOperator<CredentialHash> keyed) {
    NavigableMap<String, CredentialSet> mapping = new TreeMap<>();
    for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
      CredentialSet set = entry.getValue();
      if (set.isNodePodsAccessible()) {
        mapping.put(entry.getKey(), set);
        continue;
      }
      List<CredentialSet.Secret> secrets = new ArrayList<>(set.secrets().size());
      for (CredentialSet.Secret secret : set.secrets()) {
        secrets.add(
            new CredentialSet.Secret(
                secret.coordinates(), keyed.apply(secret.hash()), secret.acceptedAt()));
      }
      mapping.put(entry.getKey(), CredentialSet.of(secrets, set.serviceAccounts()));
    }
    return new PulledRecord(
        record.imageRef(),
        record.lastUpdated(),
        record.pulledByNode(),
        mapping,
        record.preloadedNames());
  }
}
