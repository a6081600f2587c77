package io.synthstream.generator.service;

import io.synthstream.generator.exactlyonce.TransactionalRequestLoop;
import io.synthstream.generator.models.InferenceDevice;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.generator.models.ModelVersionFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the model topics are replayed, at least one generator version is loaded and the request loop
 * is consuming; reports device and versions.
 */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {
    @Inject
    ModelVersionFollower follower;
    @Inject
    ModelRegistry registry;
    @Inject
    InferenceDevice device;
    @Inject
    TransactionalRequestLoop requests;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("generator-models")
                .status(follower.isCaughtUp() && !registry.isEmpty() && requests.isConsuming())
                .withData("device", device.device().toString())
                .withData("deviceReason", device.reason())
                .withData("caughtUp", follower.isCaughtUp())
                .withData("consumingRequests", requests.isConsuming())
                .withData("loadedVersions", registry.loadedVersions().toString())
                .withData("liveVersions", registry.liveVersions().toString())
                .withData("pinsNotServed", registry.pinsNotServed().toString())
                .build();
    }
}
