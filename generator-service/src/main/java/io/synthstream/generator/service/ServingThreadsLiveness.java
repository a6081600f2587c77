package io.synthstream.generator.service;

import io.synthstream.generator.exactlyonce.TransactionalRequestLoop;
import io.synthstream.generator.models.ModelVersionFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down once the request loop (e.g. its producer was fenced) or the model follower (new versions and rollouts
 * would no longer reach this replica) has stopped for good: a restart is the cure.
 */
@Liveness
@ApplicationScoped
public class ServingThreadsLiveness implements HealthCheck {
    @Inject
    TransactionalRequestLoop requests;
    @Inject
    ModelVersionFollower follower;

    @Override
    public HealthCheckResponse call() {
        String requestsFailure = requests.failure(), followerFailure = follower.failure();
        var r = HealthCheckResponse.named("generator-threads").status(requestsFailure == null && followerFailure == null);
        if (requestsFailure != null) r.withData("generation-requests", requestsFailure);
        if (followerFailure != null) r.withData("model-version-follower", followerFailure);
        return r.build();
    }
}
