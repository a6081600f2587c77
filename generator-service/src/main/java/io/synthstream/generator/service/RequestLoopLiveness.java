package io.synthstream.generator.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Down once the request loop has stopped for good (e.g. its producer was fenced): a restart is the cure. */
@Liveness
@ApplicationScoped
public class RequestLoopLiveness implements HealthCheck {
    @Inject
    TransactionalRequestLoop requests;

    @Override
    public HealthCheckResponse call() {
        String failure = requests.failure();
        var r = HealthCheckResponse.named("generation-requests").status(failure == null);
        return failure == null ? r.build() : r.withData("failure", failure).build();
    }
}
