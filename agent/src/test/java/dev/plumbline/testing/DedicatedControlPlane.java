package dev.plumbline.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated test class (and its {@code @Nested} classes) gets its own control plane, started before its first
 * test and closed after its last, instead of the one shared by the test JVM. Use it for tests that stop, restart or
 * break the API server. A test that leaves it stopped is fine: the next test starts it again.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DedicatedControlPlane {

    /**
     * Also run a real kube-controller-manager (Go-built releases only; the Debian-built 1.20.2 has none): ReplicaSets,
     * Pods, ServiceAccounts and namespace deletion are then real, and the simulator writes only Pod status, as a
     * kubelet would. Tag such classes {@code @Tag("controller-manager")}: runs on a release without one leave them out.
     */
    boolean controllerManager() default false;
}
