package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingTest {

    @Test
    void stampsPlumblinesLabelsAndSourceOnACopy() {
        DesiredState state = new Renderer().render(new DirectoryTree(Fixtures.dir("plain")), "prod",
                RenderOptions.defaults().withDefaultNamespace("shop"));

        DesiredState stamped = Tracking.stamp(state);

        DesiredObject orders = stamped.objects().get(5);
        assertThat(orders.key().toString()).isEqualTo("Deployment/shop/orders");
        assertThat(orders.label("app.kubernetes.io/managed-by")).isEqualTo("plumbline");
        assertThat(orders.label("plumbline.dev/environment")).isEqualTo("prod");
        assertThat(orders.annotation("plumbline.dev/source")).isEqualTo("environments/prod/apps/orders.yaml");
        assertThat(orders.location()).isEqualTo(state.objects().get(5).location());
        assertThat(state.objects().get(5).label("app.kubernetes.io/managed-by")).isNull();
        assertThat(stamped.objects()).hasSameSizeAs(state.objects());
        assertThat(new YamlWriter().write(stamped)).doesNotContain("worktree"); // never the revision
    }
}
