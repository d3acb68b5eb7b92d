package io.maskwatch.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A {@code Camera} custom resource (k8s/base/camera-crd.yaml); its name is the camera id. */
@Group("maskwatch.io")
@Version("v1")
@Kind("Camera")
@Plural("cameras")
public class Camera extends CustomResource<CameraResourceSpec, CameraResourceStatus>
    implements Namespaced {}
