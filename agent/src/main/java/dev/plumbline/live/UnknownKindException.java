package dev.plumbline.live;

/** The API server does not serve a kind at an apiVersion, even after a discovery refresh. */
public class UnknownKindException extends LiveException {

    private final String apiVersion;
    private final String kind;

    public UnknownKindException(String apiVersion, String kind) {
        super(kind + " (" + apiVersion + ") discovery failed: the API server does not serve this kind at this apiVersion"
                + " (is its CRD installed and Established?)");
        this.apiVersion = apiVersion;
        this.kind = kind;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String kind() {
        return kind;
    }
}
