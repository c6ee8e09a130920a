package dev.plumbline.testing;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/** Minimal valid workloads (selector {@code app=<name>}, one container), without namespace: the caller picks it. */
public final class Workloads {

    private Workloads() {
    }

    public static Deployment deployment(String name, int replicas, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    public static StatefulSet statefulSet(String name) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(2).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("postgres:16").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    public static DaemonSet daemonSet(String name) {
        return new DaemonSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("fluent-bit:3").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    public static Job job(String name) {
        return new JobBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewTemplate()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName(name).withImage("busybox:1.36").withCommand("true").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
