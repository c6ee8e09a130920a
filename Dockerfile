# Runtime image of the Plumbline agent. Build the jar first, then the image (from the repository root):
#   ./mvnw -B package -DskipTests && docker build -t plumbline/plumbline:0.1.0 .
# Eclipse Temurin 17 JRE: the agent targets Java 17; the JRE (no JDK) keeps the image small.
FROM eclipse-temurin:17-jre

# A fixed non-root user; the Helm chart runs the pod as 10001 with a read-only root filesystem,
# so the JVM's scratch space (/tmp) and the Git cache (/var/cache/plumbline) are volumes there.
RUN groupadd --system --gid 10001 plumbline \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin plumbline \
 && mkdir -p /app /var/cache/plumbline \
 && chown 10001:10001 /var/cache/plumbline

COPY agent/target/plumbline.jar /app/plumbline.jar
COPY plumbline /app/plumbline
# The start-up cache is built here, by this image's own java (an archive fits only the JVM that wrote it; the one the
# package step wrote beside the jar is for the build machine's): an offline training run, no network or cluster.
RUN chmod 0755 /app/plumbline && /app/plumbline --build-start-cache

USER 10001
WORKDIR /app
EXPOSE 8080
# Heap follows the container's memory limit. The launcher adds -XX:+ExitOnOutOfMemoryError for serve: an
# OutOfMemoryError ends the JVM (and the pod restarts it) instead of leaving an agent whose HTTP client and informer
# threads died half-way, answering health checks but never converging.
ENV PLUMBLINE_JAVA_OPTS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["/app/plumbline"]
CMD ["serve"]
