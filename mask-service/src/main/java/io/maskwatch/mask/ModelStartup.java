package io.maskwatch.mask;

import io.maskwatch.events.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Loads the classifier in the background after start-up, so that liveness answers at once and
 * readiness says what is happening, and only then opens the {@code faces} channel. The channel is
 * configured paused with a late subscription: until the model is ready this replica does not even
 * join the consumer group, so a replica whose model failed leaves its partitions to the others.
 */
@ApplicationScoped
public class ModelStartup {

  private static final Logger LOG = Logger.getLogger(ModelStartup.class);

  private final MaskModel model;
  private final ChannelRegistry channels;

  public ModelStartup(MaskModel model, ChannelRegistry channels) {
    this.model = model;
    this.channels = channels;
  }

  // The default observer priority runs after Reactive Messaging has wired the channels.
  void onStart(@Observes StartupEvent event) {
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
}
