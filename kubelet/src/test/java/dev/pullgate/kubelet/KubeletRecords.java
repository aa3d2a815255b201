package dev.pullgate.kubelet;

import dev.pullgate.record.CredentialSet;
import dev.pullgate.record.PulledRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the kubelet's format gives back of a record, worked out here apart from the codec. */
final class KubeletRecords {
  private KubeletRecords() {}

  /**
   * {@code record} as a kubelet file keeps it: its time in whole seconds, and every credential
   * dated at that time (the format has one time per record).
   */
  static PulledRecord asTheKubeletKeepsIt(PulledRecord record) {
    Instant time = record.lastUpdated().truncatedTo(ChronoUnit.SECONDS);
    Map<String, CredentialSet> mapping = new TreeMap<>();
    for (Map.Entry<String, CredentialSet> entry : record.credentialMapping().entrySet()) {
      CredentialSet set = entry.getValue();
      if (set.isNodePodsAccessible()) {
        mapping.put(entry.getKey(), set);
        continue;
      }
      List<CredentialSet.Secret> secrets = new ArrayList<>();
      set.secrets().forEach(secret -> secrets.add(secret.acceptedAt(time)));
      List<CredentialSet.ServiceAccount> accounts = new ArrayList<>();
      set.serviceAccounts()
          .forEach(
              account ->
                  accounts.add(new CredentialSet.ServiceAccount(account.coordinates(), time)));
      mapping.put(entry.getKey(), CredentialSet.of(secrets, accounts));
    }
    return new PulledRecord(record.imageRef(), time, mapping);
  }
}
