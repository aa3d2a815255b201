package dev.pullgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.credential.CredentialHash;
import dev.pullgate.credential.PullCredentials;
import dev.pullgate.credential.RegistryAuth;
import dev.pullgate.credential.SecretCredential;
import dev.pullgate.kubelet.KubeletRecordDirectory;
import dev.pullgate.testing.Canary;
import dev.pullgate.testing.CanaryScan;
import dev.pullgate.testing.CapturedLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The secret-hygiene suite of the command line: the {@link Canary} credential in traces that {@code
 * pullgate replay} runs, in kubelet directories that {@code import-kubelet} reads, in stores that
 * {@code export-kubelet}, {@code list}, {@code get}, {@code stat}, {@code verify} and {@code prune}
 * read, well placed and misplaced (issue 7 item 6). With the engine's loggers at {@code ALL} and
 * stack traces of internal errors on, no form of it may reach standard output or error (picocli's
 * writers and {@link System#out}/{@link System#err}), a log record, or a file in a store or output
 * directory.
 */
class CanaryCommandsTest {
  private static final String IMAGE = "registry.example/team/app:v1";
  private static final String REF = "sha256:" + "a7".repeat(32);
  private static final String OTHER_REF = "sha256:" + "b8".repeat(32);
  private static final String USERINFO_IMAGE = Canary.withUserinfo(IMAGE);
  private static final String USERINFO_REF = Canary.withUserinfo("sha256:" + "c9".repeat(32));
  private static final String AUTH =
      "{\"username\":\""
          + Canary.USERNAME
          + "\",\"password\":\""
          + Canary.PASSWORD
          + "\",\"email\":\""
          + Canary.EMAIL
          + "\"}";

  @TempDir Path dir;

  private final CanaryScan scan = new CanaryScan();
  private CapturedLogs logs;

  @BeforeEach
  void captureLogs() {
    logs = CapturedLogs.atAllLevels();
  }

  @AfterEach
  void stopCapturing() {
    logs.close();
  }

  @Test
  void replay_traceWithTheCanaryAsCredentials_printsNoFormOfItAndStoresNone() throws IOException {
    Path store = dir.resolve("store");
    String other = "{\"username\":\"someone\",\"password\":\"else\"}";
    Path trace =
        trace(
            "{\"op\":\"intent\",\"image\":\"" + IMAGE + "\"}",
            pulled(IMAGE, REF, "{\"secret\":" + secret("uid-a", "regcred", AUTH) + "}"),
            check(IMAGE, REF, secret("uid-a", "regcred", AUTH), "use"),
            check(IMAGE, REF, secret("uid-b", "copy", AUTH), "use"),
            // Wrong on purpose, so that FAILED lines print what was decided.
            check(IMAGE, REF, secret("uid-c", "other", other), "use"),
            check(IMAGE, REF, secret("uid-a", "regcred", AUTH), "pull"),
            check(IMAGE, REF, secret("uid-d", "token", tokenAuth()), "pull"),
            "{\"op\":\"expectRecord\",\"imageRef\":\"" + REF + "\",\"exists\":true}",
            "{\"op\":\"restart\",\"runtimeImages\":[]}",
            "{\"op\":\"expectRecord\",\"imageRef\":\"" + REF + "\",\"exists\":false}");

    CliRun run = run("replay", trace.toString(), "--store", store.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out()).contains("line 5 check: pull").contains("FAILED");
    scan.files(store);
    assertNothingLeaked(5);
  }

  @Test
  void replay_misplacedCanary_isRefusedOrReportedWithoutEchoingIt() throws IOException {
    String secretStart = "{\"uid\":\"u\",\"namespace\":\"team-a\",\"name\":\"s\"";
    List<String> malformed =
        List.of(
            // A credential as a JSON key next to auth, and inside it.
            check(
                IMAGE,
                REF,
                secretStart + ",\"auth\":" + AUTH + ",\"" + Canary.USER_PASSWORD + "\":\"x\"}",
                null),
            check(
                IMAGE,
                REF,
                secretStart + ",\"auth\":{\"" + Canary.USER_PASSWORD + "\":\"\"}}",
                null),
            pulled(
                IMAGE,
                REF,
                "{\"secret\":" + secretStart + ",\"auth\":{},\"" + Canary.PASSWORD + "\":1}}"),
            // A duplicated key inside auth.
            check(
                IMAGE,
                REF,
                secretStart
                    + ",\"auth\":{\""
                    + Canary.USER_PASSWORD
                    + "\":1,\""
                    + Canary.USER_PASSWORD
                    + "\":2}}",
                null),
            check(
                IMAGE,
                REF,
                secretStart
                    + ",\"auth\":{\"password\":\""
                    + Canary.PASSWORD
                    + "\",\"password\":\""
                    + Canary.PASSWORD
                    + "\"}}",
                null),
            // Docker config fields that the trace's auth does not take.
            check(
                IMAGE,
                REF,
                secretStart + ",\"auth\":{\"auth\":\"" + Canary.AUTH_FIELD + "\"}}",
                null),
            check(
                IMAGE,
                REF,
                secretStart + ",\"auth\":{\"identitytoken\":\"" + Canary.IDENTITY_TOKEN + "\"}}",
                null),
            check(
                IMAGE,
                REF,
                secretStart + ",\"auth\":{\"registrytoken\":\"" + Canary.REGISTRY_TOKEN + "\"}}",
                null),
            check(
                IMAGE, REF, secretStart + ",\"credentialHash\":\"" + Canary.PASSWORD + "\"}", null),
            // Broken JSON around the credential.
            "{\"op\":\"check\",\"image\":\"a\",\"imageRef\":\"x\",\"secrets\":[{\"auth\":"
                + "{\"password\":\""
                + Canary.PASSWORD
                + "}]}",
            "{\"op\":\"check\",\"image\":" + Canary.PASSWORD + "}",
            // user:password@host in a config value and an allowlist entry.
            "{\"op\":\"config\",\"properties\":{\"pullgate.cache.maxRecords\":\""
                + Canary.withUserinfo("host")
                + "\"}}",
            "{\"op\":\"config\",\"policy\":\"NeverVerifyAllowlistedImages\",\"allowlist\":[\""
                + Canary.withUserinfo("registry.example/team")
                + "\"]}",
            "{\"op\":\"config\",\"policy\":\"NeverVerifyAllowlistedImages\",\"allowlist\":[\""
                + Canary.withUserinfo("registry.example/team/*")
                + "\"]}",
            "{\"op\":\"config\",\"properties\":{\"pullgate.policy\":\""
                + Canary.withUserinfo("host")
                + "\"}}");
    for (String line : malformed) {
      CliRun run = run("replay", trace(line).toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.INVALID);
      assertThat(run.err()).startsWith("pullgate replay: ").contains(": line 1: ");
    }
    // user:password@host where the engine, not the parser, refuses it.
    Path store = dir.resolve("store");
    Path engineRefusals =
        trace(
            "{\"op\":\"intent\",\"image\":\"" + USERINFO_IMAGE + "\"}",
            pulled(USERINFO_IMAGE, REF, "{\"nodePodsAccessible\":true}"),
            pulled(IMAGE, USERINFO_REF, "{\"nodePodsAccessible\":true}"),
            "{\"op\":\"failed\",\"image\":\"" + USERINFO_IMAGE + "\"}",
            check(USERINFO_IMAGE, REF, secret("u", "s", AUTH), "pull"),
            check(IMAGE, USERINFO_REF, secret("u", "s", AUTH), "pull"),
            "{\"op\":\"expectIntent\",\"image\":\"" + USERINFO_IMAGE + "\",\"exists\":false}",
            "{\"op\":\"expectRecord\",\"imageRef\":\"" + USERINFO_REF + "\",\"exists\":false}",
            "{\"op\":\"prune\",\"keep\":[\"" + USERINFO_REF + "\"]}",
            "{\"op\":\"restart\",\"runtimeImages\":[{\"id\":\""
                + USERINFO_REF
                + "\",\"repoTags\":[\""
                + USERINFO_IMAGE
                + "\"],\"repoDigests\":[\""
                + Canary.withUserinfo("registry.example/team/app@" + REF)
                + "\"]}]}");
    CliRun run = run("replay", engineRefusals.toString(), "--store", store.toString());
    assertThat(run.out()).contains("line 1 intent: error: ");
    scan.files(store);
    assertNothingLeaked(malformed.size() * 2);
  }

  @Test
  void operatorCommands_overAStoreOfCanaryCredentials_printNoFormOfIt() throws IOException {
    Path store = dir.resolve("store");
    fillStore(store);
    Path keep = dir.resolve("keep.txt");
    Files.writeString(
        keep, REF + "\n" + USERINFO_REF + "\n" + Canary.PASSWORD + "\n# " + Canary.USERNAME + "\n");
    Path badKeep = dir.resolve("bad-keep.txt");
    Files.writeString(badKeep, Canary.withUserinfo("host") + " x\n");
    String s = store.toString();
    // A bare password typed as an imageRef cannot be told from one and is named like one ("no
    // pulled record for imageRef '…'"); user:password@ is what can be seen, and is never shown.
    // In the keep file, a bare password is an imageRef to keep, and nothing prints it.
    List<String[]> commands =
        List.of(
            new String[] {"list", "--store", s},
            new String[] {"list", "--json", "--store", s},
            new String[] {"get", "--store", s, REF},
            new String[] {"get", "--json", "--store", s, REF},
            new String[] {"get", "--store", s, USERINFO_REF},
            new String[] {"get", "--intent", "--store", s, USERINFO_IMAGE},
            new String[] {"get", "--intent", "--json", "--store", s, "registry.example/b:1"},
            new String[] {"stat", "--store", s},
            new String[] {"verify", "--store", s},
            new String[] {
              "prune",
              "--store",
              s,
              "--keep-file",
              badKeep.toString(),
              "--until",
              "2030-01-01T00:00:00Z"
            },
            new String[] {
              "prune",
              "--store",
              s,
              "--keep-file",
              keep.toString(),
              "--until",
              "2030-01-01T00:00:00Z",
              "--dry-run"
            },
            new String[] {
              "prune",
              "--store",
              s,
              "--keep-file",
              keep.toString(),
              "--until",
              "2030-01-01T00:00:00Z"
            });
    for (String[] command : commands) {
      run(command);
    }
    assertThat(run("get", "--store", s, REF).out()).contains("team-a/regcred");
    scan.files(store);
    assertNothingLeaked(commands.size() * 2);
  }

  @Test
  void importAndExportKubelet_ofFilesHoldingTheCanary_printAndWriteNoFormOfIt() throws IOException {
    Path kubelet = dir.resolve("kubelet");
    Path pulled = Files.createDirectories(kubelet.resolve("pulled"));
    Path pulling = Files.createDirectories(kubelet.resolve("pulling"));
    String hash = CredentialHash.of(Canary.auth()).hex();
    String goodSecret =
        "{\"uid\":\"uid-a\",\"namespace\":\"team-a\",\"name\":\"regcred\",\"credentialHash\":\""
            + hash
            + "\"";
    Map<String, String> secrets =
        Map.of(
            REF,
            goodSecret + "}",
            "sha256:" + "01".repeat(32),
            goodSecret + ",\"password\":\"" + Canary.PASSWORD + "\"}",
            "sha256:" + "02".repeat(32),
            goodSecret + ",\"" + Canary.USER_PASSWORD + "\":\"x\"}",
            "sha256:" + "03".repeat(32),
            goodSecret + ",\"auth\":\"" + Canary.AUTH_FIELD + "\"}",
            "sha256:" + "04".repeat(32),
            goodSecret + ",\"identitytoken\":\"" + Canary.IDENTITY_TOKEN + "\"}",
            "sha256:" + "05".repeat(32),
            goodSecret
                + ",\""
                + Canary.REGISTRY_TOKEN
                + "\":1,\""
                + Canary.REGISTRY_TOKEN
                + "\":2}",
            "sha256:" + "06".repeat(32),
            "{\"uid\":\"u\",\"namespace\":\"n\",\"name\":\"s\",\"credentialHash\":\""
                + Canary.PASSWORD
                + "\"}");
    for (Map.Entry<String, String> entry : secrets.entrySet()) {
      writeRecord(pulled, entry.getKey(), "registry.example/team/app", entry.getValue());
    }
    writeRecord(
        pulled, OTHER_REF, Canary.withUserinfo("registry.example/team/app"), goodSecret + "}");
    writeRecord(pulled, USERINFO_REF, "registry.example/team/app", goodSecret + "}");
    Files.writeString(
        pulling.resolve(KubeletRecordDirectory.fileName(USERINFO_IMAGE)),
        "{\"kind\":\"ImagePullIntent\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\","
            + "\"image\":\""
            + USERINFO_IMAGE
            + "\"}");
    Path store = dir.resolve("store");
    Path exported = dir.resolve("exported");

    CliRun imported = run("import-kubelet", kubelet.toString(), "--store", store.toString());
    CliRun export = run("export-kubelet", exported.toString(), "--store", store.toString());

    assertThat(imported.exitCode()).isEqualTo(ExitCodes.SKIPPED);
    assertThat(imported.out()).startsWith("Imported 1 pulled record");
    assertThat(export.exitCode()).as(export.err()).isZero();
    scan.files(store).files(exported);
    assertNothingLeaked(4);
  }

  private void fillStore(Path store) {
    PullGateConfig config = PullGateConfig.builder().storePath(store).build();
    SecretCredential canary =
        SecretCredential.of("uid-a", "team-a", "regcred", CredentialHash.of(Canary.auth()));
    SecretCredential token =
        SecretCredential.of(
            "uid-t",
            "team-a",
            "token",
            CredentialHash.of(new RegistryAuth("<token>", Canary.IDENTITY_TOKEN, "")));
    try (PullGate gate = PullGate.open(config)) {
      gate.recordPullIntent(IMAGE);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(canary));
      gate.recordPullIntent(IMAGE);
      gate.recordImagePulled(IMAGE, REF, PullCredentials.secret(token));
      gate.recordPullIntent("registry.example/b:1");
      try {
        gate.recordImagePulled(IMAGE, USERINFO_REF, PullCredentials.secret(canary));
      } catch (IllegalArgumentException e) {
        scan.thrown("recordImagePulled with userinfo in the imageRef", e);
      }
    }
  }

  /** Runs {@code pullgate args…} with stack traces on, recording everything it prints. */
  private CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
    ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int exitCode;
    try {
      System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
      CommandLine commandLine = PullgateCommand.commandLine(true);
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      exitCode = PullgateCommand.execute(commandLine, args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    String command = "pullgate " + args[0];
    scan.text(command + " stdout", out.toString())
        .text(command + " stderr", err.toString())
        .text(command + " System.out", systemOut.toString(StandardCharsets.UTF_8))
        .text(command + " System.err", systemErr.toString(StandardCharsets.UTF_8));
    assertThat(exitCode)
        .as("%s exit code; stderr: %s", command, err)
        .isNotEqualTo(ExitCodes.INTERNAL);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  private void assertNothingLeaked(int atLeast) {
    logs.scanInto(scan);
    assertThat(scan.looked()).isGreaterThanOrEqualTo(atLeast);
    scan.assertNoCanary();
  }

  private Path trace(String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "canary", ".trace");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static void writeRecord(Path pulled, String ref, String name, String secret)
      throws IOException {
    Files.writeString(
        pulled.resolve(KubeletRecordDirectory.fileName(ref)),
        "{\"kind\":\"ImagePulledRecord\",\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\","
            + "\"lastUpdatedTime\":\"2025-06-01T10:00:00Z\",\"imageRef\":\""
            + ref
            + "\",\"credentialMapping\":{\""
            + name
            + "\":{\"kubernetesSecrets\":["
            + secret
            + "]}}}");
  }

  private static String secret(String uid, String name, String auth) {
    return "{\"uid\":\""
        + uid
        + "\",\"namespace\":\"team-a\",\"name\":\""
        + name
        + "\",\"auth\":"
        + auth
        + "}";
  }

  private static String tokenAuth() {
    return "{\"username\":\"<token>\",\"password\":\"" + Canary.IDENTITY_TOKEN + "\"}";
  }

  private static String pulled(String image, String ref, String credentials) {
    return "{\"op\":\"pulled\",\"image\":\""
        + image
        + "\",\"imageRef\":\""
        + ref
        + "\",\"credentials\":"
        + credentials
        + "}";
  }

  private static String check(String image, String ref, String secret, String expect) {
    return "{\"op\":\"check\",\"image\":\""
        + image
        + "\",\"imageRef\":\""
        + ref
        + "\",\"secrets\":["
        + secret
        + "]"
        + (expect == null ? "" : ",\"expect\":\"" + expect + "\"")
        + "}";
  }
}
