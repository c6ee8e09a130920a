package dev.plumbline.controlplane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines of etcd (3.4 to 3.7) and kube-apiserver (1.20 to the newest), every listener on 127.0.0.1. Flags
 * that only some releases know are chosen by the server's {@link KubeVersion}.
 */
final class ServerCommands {

    static final String HOST = LoopbackPorts.HOST;

    private ServerCommands() {
    }

    /** Ports of one start attempt; a restart tries the previous ones first so kubeconfigs stay valid. */
    record Ports(int etcdClient, int etcdPeer, int apiServer) {

        static Ports fresh(java.util.function.IntSupplier source) {
            int client = source.getAsInt();
            int peer = distinct(source, client);
            int api = distinct(source, client, peer);
            return new Ports(client, peer, api);
        }

        private static int distinct(java.util.function.IntSupplier source, int... taken) {
            for (int i = 0; i < 20; i++) {
                int port = source.getAsInt();
                if (java.util.Arrays.stream(taken).noneMatch(t -> t == port)) {
                    return port;
                }
            }
            return source.getAsInt(); // a source that keeps repeating itself gets its clash reported by the server
        }
    }

    static List<String> etcd(Path binary, Path dataDir, Ports ports, List<String> extra) {
        String client = "http://" + HOST + ":" + ports.etcdClient();
        String peer = "http://" + HOST + ":" + ports.etcdPeer();
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--name=plumbline",
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                // the peer port is never used by a one-member cluster, but etcd binds it: keep it on loopback
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=plumbline=" + peer,
                "--initial-cluster-state=new",
                "--logger=zap", // 3.4's default capnslog logs a deprecation warning on every start
                "--log-outputs=stderr"));
        command.addAll(extra);
        return command;
    }

    static List<String> apiServer(Path binary, KubeVersion version, Path runDir, Credentials credentials, Ports ports,
                                  List<String> extra) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--etcd-servers=http://" + HOST + ":" + ports.etcdClient(),
                "--bind-address=" + HOST,
                "--advertise-address=" + HOST,
                "--secure-port=" + ports.apiServer(),
                // no --tls-cert-file: kube-apiserver writes a self-signed serving cert for 127.0.0.1 here
                "--cert-dir=" + runDir.resolve("pki"),
                "--token-auth-file=" + credentials.tokenFile(),
                "--authorization-mode=RBAC",
                // on 1.20 this plugin rejects Pods without a token Secret, and no controller creates them
                "--disable-admission-plugins=ServiceAccount",
                "--service-account-issuer=https://kubernetes.default.svc",
                "--service-account-key-file=" + credentials.serviceAccountPublicKey(),
                "--service-account-signing-key-file=" + credentials.serviceAccountKey(),
                "--service-cluster-ip-range=10.0.0.0/24",
                "--allow-privileged=true",
                // the "kubernetes" Service's endpoint would be 127.0.0.1, which Endpoints validation rejects every
                // 10 s; nothing here routes to it
                "--endpoint-reconciler-type=none",
                "--profiling=false"));
        if (!version.atLeast(24)) {
            // before 1.24 kube-apiserver also opens an unauthenticated port 8080 unless told not to; 1.24 removed the
            // flag (kubernetes/kubernetes#106859) and refuses to start when given it
            command.add("--insecure-port=0");
        }
        command.addAll(extra);
        return command;
    }

    /**
     * kube-controller-manager with the admin kubeconfig, serving nothing ({@code --secure-port=0}), no leader election
     * (one per control plane), the ServiceAccount key for the token controller and the serving CA for
     * {@code kube-root-ca.crt}.
     */
    static List<String> controllerManager(Path binary, Path kubeconfig, Credentials credentials, Path rootCa) {
        return List.of(binary.toString(),
                "--kubeconfig=" + kubeconfig,
                "--bind-address=" + HOST,
                "--secure-port=0",
                "--leader-elect=false",
                "--use-service-account-credentials=false",
                "--service-account-private-key-file=" + credentials.serviceAccountKey(),
                "--root-ca-file=" + rootCa,
                "--profiling=false");
    }
}
