package io.maskwatch.mask;

import io.maskwatch.events.Topics;
import io.maskwatch.mask.config.MaskConfig;
import io.maskwatch.vision.model.ModelContract;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Loads the classifier in the background after start-up, so that liveness answers at once and
 * readiness says what is happening, and only then opens the {@code faces} channel. The channel is
 * configured paused with a late subscription: until the model is ready this replica does not even
 * join the consumer group, so a replica whose model failed leaves its partitions to the others.
 *
 * <p>What can be checked without the engine is checked before that, and stops start-up: a model
 * path that does not exist (or lacks its files) and settings out of range are deployment mistakes
 * that no amount of waiting fixes, so the process fails at once with the reason.
 */
@ApplicationScoped
public class ModelStartup {

  private static final Logger LOG = Logger.getLogger(ModelStartup.class);

  private final MaskModel model;
  private final MaskConfig config;
  private final ChannelRegistry channels;

  public ModelStartup(MaskModel model, MaskConfig config, ChannelRegistry channels) {
    this.model = model;
    this.config = config;
    this.channels = channels;
  }

  // The default observer priority runs after Reactive Messaging has wired the channels.
  void onStart(@Observes StartupEvent event) {
    validate(config);
    Thread loader = new Thread(this::loadThenConsume, "mask-model-loader");
    loader.setDaemon(true);
    loader.start();
  }

  private void loadThenConsume() {
    if (!model.load().isReady()) {
      return;
    }
    PausableChannel faces = channels.getPausable(Topics.FACES);
    if (faces == null) {
      LOG.errorf(
          "channel '%s' is not pausable: set mp.messaging.incoming.%s.pausable=true",
          Topics.FACES, Topics.FACES);
      return;
    }
    faces.resume();
    LOG.infof("consuming '%s'", Topics.FACES);
  }

  /**
   * The start-up check: the model directory exists with its files, and the pool settings are in
   * range.
   *
   * @throws IllegalStateException saying which key is wrong and why; Quarkus stops with it
   */
  static void validate(MaskConfig config) {
    Path dir = Path.of(MaskModel.resolve(config.modelDir()));
    try {
      ModelContract.requireComplete(dir);
      MaskModel.poolSettings(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "mask-service cannot start: "
              + MaskModel.describe(e)
              + " (maskwatch.mask.model-dir="
              + config.modelDir()
              + ")",
          e);
    }
  }
}
