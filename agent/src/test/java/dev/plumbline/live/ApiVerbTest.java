package dev.plumbline.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiVerbTest {

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(nullValues = "-", value = {
        "GET,    /api/v1/namespaces/shop/configmaps/settings,                         -,                            get",
        "GET,    /api/v1/namespaces/shop/configmaps,                                  -,                            list",
        "GET,    /api/v1/namespaces/shop/configmaps?labelSelector=a%3Db&limit=500,    -,                            list",
        "GET,    /api/v1/namespaces/shop/configmaps?watch=true&resourceVersion=5,     -,                            watch",
        "GET,    /api/v1/namespaces,                                                  -,                            list",
        "GET,    /api/v1/namespaces/shop,                                             -,                            get",
        "PUT,    /api/v1/namespaces/shop/finalize,                                    application/json,             update",
        "GET,    /apis/apps/v1/deployments,                                           -,                            list",
        "GET,    /apis/apps/v1/namespaces/shop/deployments/api/scale,                 -,                            get",
        "GET,    /apis/rbac.authorization.k8s.io/v1/clusterroles/view,                -,                            get",
        "POST,   /api/v1/namespaces/shop/configmaps,                                  application/json,             create",
        "POST,   /api/v1/namespaces/shop/configmaps?dryRun=All,                       application/json,             dryRunCreate",
        "PUT,    /api/v1/namespaces/shop/configmaps/settings,                         application/json,             update",
        "PATCH,  /apis/apps/v1/namespaces/shop/deployments/api?fieldManager=plumbline&force=true, application/apply-patch+yaml, apply",
        "PATCH,  /apis/apps/v1/namespaces/shop/deployments/api?dryRun=All&fieldManager=plumbline&force=true, application/apply-patch+yaml; charset=utf-8, dryRunApply",
        "PATCH,  /apis/apps/v1/namespaces/shop/deployments/api,                       application/merge-patch+json, patch",
        "DELETE, /apis/apps/v1/namespaces/shop/deployments/api,                       application/json,             delete",
        "DELETE, /apis/apps/v1/namespaces/shop/deployments,                           -,                            deletecollection",
        "GET,    /api,                                                                -,                            discovery",
        "GET,    /apis,                                                               -,                            discovery",
        "GET,    /api/v1,                                                             -,                            discovery",
        "GET,    /apis/apps/v1,                                                       -,                            discovery",
        "GET,    /version,                                                            -,                            discovery",
        "GET,    /k8s/clusters/c-1/apis/apps/v1/namespaces/shop/deployments/api,      -,                            get",
    })
    void verbFromTheWire(String method, String url, String contentType, String verb) {
        assertThat(ApiVerb.of(method, URI.create("https://127.0.0.1:6443" + url), contentType)).isEqualTo(verb);
    }
}
