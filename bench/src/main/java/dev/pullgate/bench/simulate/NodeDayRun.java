package dev.pullgate.bench.simulate;

import dev.pullgate.PullDecision;
import dev.pullgate.PullGate;
import dev.pullgate.PullGateConfig;
import dev.pullgate.PullGateMetrics;
import dev.pullgate.RuntimeImage;
import dev.pullgate.VerificationPolicy;
import dev.pullgate.bench.simulate.Cluster.Namespace;
import dev.pullgate.bench.simulate.ImageCatalog.CatalogImage;
import dev.pullgate.credential.PodCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * One play of a node day: a discrete-event loop over pod starts, pull completions, secret changes,
 * garbage collections and restarts, ordered by simulated time and then by scheduling order, so the
 * run is a pure function of the scenario. The wall clock is read only to time decisions.
 */
final class NodeDayRun {
  private static final Instant DAWN = Instant.parse("2025-06-02T00:00:00Z");
  private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();
  private static final long GC_MIN_IDLE_MILLIS = Duration.ofMinutes(10).toMillis();
  private static final int MIN_PULL_SECONDS = 5;
  private static final int MAX_PULL_SECONDS = 120;
  private static final int PROGRESS_STEPS = 200;

  private enum Kind {
    POD_START,
    PULL_DONE,
    SECRET_CHANGE,
    GC,
    RESTART
  }

  private record Event(long atMillis, long seq, Kind kind, Pull pull) {}

  private final NodeDayScenario scenario;
  private final PullGateOpener opener;
  private final SimulationProgress progress;
  private final SplittableRandom random;
  private final SimulatedClock clock = new SimulatedClock(DAWN);
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) ->
              a.atMillis != b.atMillis
                  ? Long.compare(a.atMillis, b.atMillis)
                  : Long.compare(a.seq, b.seq));
  private final ImageCatalog catalog;
  private final Cluster cluster;
  private final NodeImages node;
  private final ReferenceModel model;
  private final OutcomeTally tally;
  private final Histogram latency = new Histogram(3);
  private final long dayEndMillis;
  private final double podIntervalMillis;
  private long seq;
  private int podsStarted;
  private int restartsPending;
  private PullGate gate;

  NodeDayRun(NodeDayScenario scenario, PullGateOpener opener, SimulationProgress progress) {
    this.scenario = scenario;
    this.opener = opener;
    this.progress = progress;
    this.random = new SplittableRandom(scenario.seed());
    this.catalog = ImageCatalog.generate(scenario, random);
    this.cluster = Cluster.generate(scenario, random);
    this.node = new NodeImages(catalog);
    this.node.preload(random, scenario.preloadedShare());
    this.model = new ReferenceModel(scenario);
    this.tally = new OutcomeTally(scenario);
    this.dayEndMillis = scenario.hours() * HOUR_MILLIS;
    this.podIntervalMillis = (double) dayEndMillis / scenario.podStarts();
  }

  SimulationResult play() {
    long startNanos = System.nanoTime();
    gate = opener.open(engineConfig(scenario), clock);
    try {
      requireEmptyStore(gate.metrics());
      if (scenario.preloadedMode() == PullGateConfig.PreloadedMode.OBSERVED) {
        reportPreloadedImages();
      }
      scheduleFirstEvents();
      while (!events.isEmpty()) {
        Event event = events.poll();
        clock.advanceTo(event.atMillis);
        dispatch(event);
      }
      new EndOfDayCheck(catalog, model, tally).compare(gate, clock.sinceDawnMillis());
      PullGateMetrics metrics = gate.metrics();
      tally.storedAtEnd(metrics.storedRecords(), metrics.storedIntents());
    } finally {
      if (gate != null) {
        gate.close();
      }
    }
    progress.progress(scenario.podStarts(), scenario.podStarts());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    return new SimulationResult(tally.outcome(), LatencySummary.of(latency), elapsed);
  }

  private static void requireEmptyStore(PullGateMetrics metrics) {
    if (metrics.storedRecords() > 0 || metrics.storedIntents() > 0) {
      throw new IllegalStateException(
          "a simulated day starts from an empty store, this one holds "
              + metrics.storedRecords()
              + " records and "
              + metrics.storedIntents()
              + " intents");
    }
  }

  /**
   * Observed preloaded mode: at dawn, before any pull, the agent reports the images on the node,
   * which the engine records as preloaded, one record per image.
   */
  private void reportPreloadedImages() {
    List<RuntimeImage> runtime = node.runtimeImages();
    int observed = gate.recordPreloadedImages(runtime);
    model.preloadedObserved(node.presentImages());
    if (observed != runtime.size()) {
      tally.mismatch(
          0,
          "the engine recorded "
              + observed
              + " preloaded images, the node reported "
              + runtime.size());
    }
  }

  /** The engine settings a scenario implies; the opener adds the store's. */
  static PullGateConfig engineConfig(NodeDayScenario scenario) {
    PullGateConfig.Builder builder =
        PullGateConfig.builder()
            .policy(scenario.policy())
            .preloadedMode(scenario.preloadedMode())
            .credentialMaxAge(scenario.credentialMaxAge());
    if (scenario.policy() == VerificationPolicy.NEVER_VERIFY_ALLOWLISTED_IMAGES) {
      builder.allowlist(ImageCatalog.PUBLIC_ALLOWLIST);
    }
    return builder.build();
  }

  private void scheduleFirstEvents() {
    schedulePodStart();
    scheduleSecretChange();
    for (long at = scenario.gcIntervalMinutes() * 60_000L;
        at < dayEndMillis;
        at += scenario.gcIntervalMinutes() * 60_000L) {
      schedule(at, Kind.GC, null);
    }
    for (int hour : scenario.restartHours()) {
      schedule(hour * HOUR_MILLIS, Kind.RESTART, null);
    }
  }

  private void dispatch(Event event) {
    switch (event.kind) {
      case POD_START -> startPod();
      case PULL_DONE -> finishPull(event.pull);
      case SECRET_CHANGE -> changeSecret();
      case GC -> collectGarbage();
      case RESTART -> restart();
    }
  }

  private void schedule(long atMillis, Kind kind, Pull pull) {
    events.add(new Event(atMillis, seq++, kind, pull));
  }

  private void schedulePodStart() {
    if (podsStarted < scenario.podStarts()) {
      double jitter = random.nextDouble();
      long at = (long) ((podsStarted + jitter) * podIntervalMillis);
      schedule(Math.max(at, clock.sinceDawnMillis()), Kind.POD_START, null);
    }
  }

  private void scheduleSecretChange() {
    double rate = scenario.secretChangesPerHour();
    if (rate > 0) {
      double wait = -Math.log(1 - random.nextDouble()) * HOUR_MILLIS / rate;
      long at = clock.sinceDawnMillis() + 1 + (long) wait;
      if (at < dayEndMillis) {
        schedule(at, Kind.SECRET_CHANGE, null);
      }
    }
  }

  private void startPod() {
    podsStarted++;
    tally.podStarted();
    Namespace ns = cluster.pick(random);
    int containers = 1 + random.nextInt(scenario.maxContainersPerPod());
    for (int c = 0; c < containers; c++) {
      CatalogImage image =
          catalog.pick(ns.team, random, scenario.privateShare(), scenario.crossTeamShare());
      checkImage(ns, image);
    }
    if (podsStarted % Math.max(1, scenario.podStarts() / PROGRESS_STEPS) == 0) {
      progress.progress(podsStarted, scenario.podStarts());
    }
    schedulePodStart();
  }

  private void checkImage(Namespace ns, CatalogImage image) {
    tally.imageChecked();
    if (!node.isPresent(image)) {
      startPull(ns, image);
      return;
    }
    PodCredentials pod = cluster.podCredentials(ns, image);
    long before = System.nanoTime();
    PullDecision decision = gate.mustAttemptImagePull(image.image(), image.imageRef(), pod);
    latency.recordValue(Math.max(0, System.nanoTime() - before));
    // A decision may hand a merge to the engine's own thread, which dates it by the simulated
    // clock when it applies it: wait for it here, so that the day stays a function of its scenario.
    gate.flush();
    tally.decided(decision.reason());
    boolean justified = model.judge(image, pod, decision, clock.sinceDawnMillis());
    if (decision.mustAttemptPull()) {
      startPull(ns, image);
    } else {
      node.touch(image, clock.sinceDawnMillis());
      if (!justified) {
        tally.violation(
            clock.sinceDawnMillis(),
            "a pod in " + ns.name + " may use " + image.image() + " (" + decision.reason() + ")");
      }
    }
  }

  private void startPull(Namespace ns, CatalogImage image) {
    Pull pull = new Pull(image, cluster.pullCredentials(ns, image), Cluster.authorised(ns, image));
    gate.recordPullIntent(image.image());
    model.pullStarted(image);
    node.pullStarted(pull);
    tally.pullStarted();
    long seconds = MIN_PULL_SECONDS + random.nextInt(MAX_PULL_SECONDS - MIN_PULL_SECONDS + 1);
    schedule(clock.sinceDawnMillis() + seconds * 1000, Kind.PULL_DONE, pull);
    if (restartsPending > 0) {
      restartsPending--;
      schedule(clock.sinceDawnMillis(), Kind.RESTART, null);
    }
  }

  private void finishPull(Pull pull) {
    if (pull.interrupted()) {
      return;
    }
    node.pullEnded(pull);
    boolean succeeded = pull.authorised && random.nextDouble() >= scenario.pullFailureRate();
    if (succeeded) {
      node.markPresent(pull.image, clock.sinceDawnMillis());
      gate.recordImagePulled(pull.image.image(), pull.image.imageRef(), pull.credentials);
      model.pullEnded(pull.image, Optional.of(pull.credentials), clock.sinceDawnMillis());
    } else {
      gate.recordImagePullFailed(pull.image.image());
      model.pullEnded(pull.image, Optional.empty(), clock.sinceDawnMillis());
      tally.pullFailed();
    }
  }

  private void changeSecret() {
    tally.secretChanged(cluster.changeSecret(random, scenario.secretRecreateShare()));
    scheduleSecretChange();
  }

  private void collectGarbage() {
    long now = clock.sinceDawnMillis();
    List<CatalogImage> removed =
        node.collectGarbage(random, now, scenario.gcRemoveShare(), GC_MIN_IDLE_MILLIS);
    int expected = model.removed(removed);
    int pruned = gate.pruneUnknownRecords(node.presentImageRefs(), clock.instant());
    tally.garbageCollected(removed.size(), pruned);
    if (pruned != expected) {
      tally.mismatch(now, "pruning deleted " + pruned + " records, the model expected " + expected);
    }
  }

  private void restart() {
    if (!node.hasPullsInFlight()) {
      // A restart is a crash test of intents: wait for the next pull to be in flight.
      restartsPending++;
      return;
    }
    List<Pull> interrupted = node.interruptAll();
    for (Pull pull : interrupted) {
      // Half of the cut-off pulls had finished in the runtime before the agent died. Touching
      // the image keeps garbage collection off the record that reconciliation is about to write.
      if (random.nextBoolean() || node.isPresent(pull.image)) {
        node.markPresent(pull.image, clock.sinceDawnMillis());
      }
    }
    long recordsBefore = gate.metrics().storedRecords();
    PullGate stopping = gate;
    gate = null;
    stopping.close();
    gate = opener.open(engineConfig(scenario), clock);
    PullGateMetrics reopened = gate.metrics();
    List<RuntimeImage> runtime = node.runtimeImages();
    int reconciled = gate.reconcile(runtime);
    int expected = model.restarted(imageRefByReference(runtime));
    tally.restarted(
        new RestartSummary(
            Duration.ofMillis(clock.sinceDawnMillis()),
            interrupted.size(),
            recordsBefore,
            reopened.storedRecords(),
            reopened.storedIntents(),
            reconciled));
    if (reconciled != expected) {
      tally.mismatch(
          clock.sinceDawnMillis(),
          "reconciliation converted " + reconciled + ", the model expected " + expected);
    }
  }

  private static Map<String, String> imageRefByReference(List<RuntimeImage> runtime) {
    Map<String, String> refs = new HashMap<>();
    for (RuntimeImage image : runtime) {
      image.repoTags().forEach(tag -> refs.putIfAbsent(tag, image.id()));
      image.repoDigests().forEach(digest -> refs.putIfAbsent(digest, image.id()));
    }
    return refs;
  }
}
