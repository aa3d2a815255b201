package dev.pullgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The verdict "the store is damaged" about a store whose walk could not report on its entries: its
 * data file was refused as damaged at open, or the walk crashed, failed or did not end in time.
 * Named after the data file, as {@code verify} and {@code repair} print it.
 *
 * @param file the store's data file
 * @param problem what happened, printable
 * @param crashReport the JVM's crash report of the walk, or null
 * @param refused whether an open refused the file, with a message that says what to do already
 */
record DataFileVerdict(Path file, String problem, Path crashReport, boolean refused) {
  private static final String ADVICE =
      "The store cannot be read safely: do not start a node agent on it. Restore the directory"
          + " from a backup, or move it aside and start an empty store explicitly (then pullgate"
          + " import-kubelet).";

  /**
   * The verdict that {@code outcome} of the {@code walk} (a word: "verification", "repair") of the
   * store in {@code dir} means, or null when the walk reported normally.
   *
   * @throws CommandFailure when the walk did not open the store for a reason other than damage: no
   *     store ({@value ExitCodes#INVALID}), or another writer holds it ({@value
   *     ExitCodes#STORE_LOCKED})
   */
  static DataFileVerdict of(StoreWalk.Outcome outcome, Path dir, String walk) {
    Path file = dir.resolve("data.mdb");
    if (outcome instanceof StoreWalk.Died died) {
      return new DataFileVerdict(
          file,
          "the " + walk + " walk " + died.how() + ": LMDB could not read the file",
          died.crashReport(),
          false);
    }
    JsonNode report = ((StoreWalk.Reported) outcome).report();
    String message = report.has("message") ? report.get("message").asText() : "";
    return switch (WalkJson.text(report, WalkJson.OUTCOME)) {
      case WalkJson.REFUSED -> {
        if (!report.get("damaged").asBoolean()) {
          throw new CommandFailure(ExitCodes.INVALID, message);
        }
        yield new DataFileVerdict(file, message, null, true);
      }
      case WalkJson.LOCKED -> throw StoreAccess.locked(message);
      case WalkJson.FAILED ->
          new DataFileVerdict(
              file,
              "the " + walk + " walk failed with " + WalkJson.text(report, "type"),
              null,
              false);
      default -> null;
    };
  }

  /** Prints the verdict as text, or as the JSON of a verification that found this damage. */
  void print(PrintWriter out, boolean json) {
    if (json) {
      ObjectNode all =
          RecordJson.object().putNull("pulledRecords").putNull("pullIntents").put("intact", false);
      ObjectNode damage =
          all.putArray("damage")
              .addObject()
              .put("kind", "data file")
              .put("key", file.toString())
              .put("problem", problem);
      if (crashReport != null) {
        damage.put("crashReport", crashReport.toString());
      }
      out.print(RecordJson.print(all));
      return;
    }
    out.println("DAMAGED " + TerminalText.escape(file + ": " + problem));
    if (refused) {
      return;
    }
    out.println(
        ADVICE
            + (crashReport == null
                ? ""
                : " The crash report of the walk's JVM: "
                    + TerminalText.escape(crashReport.toString())));
  }
}
