package io.maskwatch.stack.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --replicas}: parsing, limits and the ports of further instances. */
class StackOptionsTest {

  private static StackOptions fixedPorts() {
    return new StackOptions(
        Path.of("."),
        Path.of("data"),
        Path.of("logs"),
        9092,
        5433,
        StackOptions.defaultPorts(),
        Optional.empty(),
        "",
        List.of(),
        Duration.ofSeconds(1),
        Optional.empty());
  }

  @Test
  void parsesShortAndModuleNames() {
    assertThat(StackOptions.parseReplicas("face=2, mask-service=3,INGEST=1"))
        .isEqualTo(Map.of(Service.FACE, 2, Service.MASK, 3, Service.INGEST, 1));
    assertThat(StackOptions.parseReplicas(null)).isEmpty();
  }

  @Test
  void rejectsWhatIsNotServiceEqualsCount() {
    assertThatThrownBy(() -> StackOptions.parseReplicas("faces=2"))
        .hasMessage("no service 'faces' (one of ingest, face, mask, alert)");
    assertThatThrownBy(() -> StackOptions.parseReplicas("face:2"))
        .hasMessageContaining("is not SERVICE=COUNT");
    assertThatThrownBy(() -> StackOptions.parseReplicas("face=two"))
        .hasMessage("'two' is not a number of replicas");
  }

  @Test
  void atMostAsManyReplicasAsPartitions() {
    assertThatThrownBy(() -> fixedPorts().withReplicas(Map.of(Service.FACE, 5)))
        .hasMessageContaining("face-service: 5 replicas; from 1 to 4");
    assertThatThrownBy(() -> fixedPorts().withReplicas(Map.of(Service.MASK, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void furtherInstancesOfUpRunOnTheFirstPortPlusHundreds() {
    StackOptions options = fixedPorts().withReplicas(Map.of(Service.FACE, 3));

    assertThat(options.replicas(Service.FACE)).isEqualTo(3);
    assertThat(options.replicas(Service.MASK)).isEqualTo(1);
    assertThat(options.port(Service.FACE, 0)).isEqualTo(8082);
    assertThat(options.port(Service.FACE, 1)).isEqualTo(8182);
    assertThat(options.port(Service.FACE, 2)).isEqualTo(8282);
  }

  @Test
  void onFreePortsEveryInstanceGetsAFreePortOfItsOwn() {
    StackOptions options =
        StackOptions.onFreePorts(Path.of("."), Path.of("run"), Optional.empty(), "", Duration.ZERO)
            .withReplicas(Map.of(Service.MASK, 2));

    assertThat(options.port(Service.MASK, 1))
        .isNotEqualTo(options.port(Service.MASK, 0))
        .isNotEqualTo(Service.MASK.defaultPort() + StackOptions.INSTANCE_PORT_STEP);
  }

  @Test
  void serviceNames() {
    assertThat(Service.named("alert")).isEqualTo(Service.ALERT);
    assertThat(Service.named("alert-service")).isEqualTo(Service.ALERT);
    assertThat(Service.named("MASK")).isEqualTo(Service.MASK);
  }

  @Test
  void corePerInstanceGivesEachInstanceOfTheNamedServicesACoreOfItsOwnRoundRobin() {
    StackOptions options =
        fixedPorts()
            .withReplicas(Map.of(Service.FACE, 3))
            .withCorePerInstance(StackOptions.parseServices("face-service"));

    assertThat(options.core(Service.FACE, 0, 2)).hasValue(0);
    assertThat(options.core(Service.FACE, 1, 2)).hasValue(1);
    assertThat(options.core(Service.FACE, 2, 2)).hasValue(0);
    assertThat(options.core(Service.MASK, 0, 2)).isEmpty();
    assertThat(StackOptions.parseServices("face,mask"))
        .containsExactlyInAnyOrder(Service.FACE, Service.MASK);
    assertThat(StackOptions.parseServices(" ")).isEmpty();
    assertThatThrownBy(() -> StackOptions.parseServices("gpu"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
