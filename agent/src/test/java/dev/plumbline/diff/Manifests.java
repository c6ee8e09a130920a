package dev.plumbline.diff;

/** Manifests of the ITs, in namespace {@code NS}, as Git would hold them (with Plumbline's tracking metadata). */
public final class Manifests {

    private Manifests() {
    }

    /**
     * Written the way people write manifests: {@code cpu: 1000m} (stored as {@code "1"}), {@code memory: 1024Mi}
     * (stored as {@code 1Gi}), defaulted fields omitted (strategy, imagePullPolicy, protocol, ...), labels in
     * non-alphabetical order.
     */
    public static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: NS
              labels:
                tier: backend
                app: api
                app.kubernetes.io/managed-by: plumbline
                plumbline.dev/environment: production
              annotations:
                plumbline.dev/source: manifests/api/deployment.yaml
            spec:
              replicas: 2
              selector:
                matchLabels: {app: api}
              template:
                metadata:
                  labels: {app: api}
                spec:
                  containers:
                  - name: api
                    image: nginx:1.25
                    ports:
                    - {name: http, containerPort: 8080}
                    resources:
                      requests: {cpu: 1000m, memory: 1024Mi}
                      limits: {cpu: "2", memory: 2048Mi}
            """;

    /**
     * A named targetPort and reordered labels. {@code protocol} is spelled out: before Kubernetes 1.21 server-side
     * apply rejects a Service port without it (kubernetes-sigs/structured-merge-diff#183, fixed by
     * kubernetes/kubernetes#98576), a 500 that no diff can avoid.
     */
    public static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
              namespace: NS
              labels: {tier: backend, app: api, plumbline.dev/environment: production}
            spec:
              selector: {app: api}
              ports:
              - {name: http, port: 80, targetPort: http, protocol: TCP}
            """;

    public static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: NS
              labels: {plumbline.dev/environment: production}
            type: Opaque
            stringData:
              password: s3cr3t-from-git
              user: orders
            """;
}
