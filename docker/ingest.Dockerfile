# syntax=docker/dockerfile:1
# The camera edge: live cameras into the frames topic (docs/ingest.md). No model, no ONNX Runtime.
#   docker build -f docker/ingest.Dockerfile -t ebm-perception/ingest .
#   docker run --rm -p 8080:8080 ebm-perception/ingest \
#     --bootstrap-servers kafka:9092 --camera front=rtsp://192.168.1.20:554/stream1
# Build args: MAVEN_IMAGE, RUNTIME_IMAGE, UID.
ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
COPY schemas/pom.xml schemas/
COPY vision/pom.xml vision/
COPY test-kit/pom.xml test-kit/
COPY runtime/pom.xml runtime/
COPY ingest/pom.xml ingest/
COPY trainer/pom.xml trainer/
COPY stream-app/pom.xml stream-app/
COPY bench/pom.xml bench/
COPY integration-tests/pom.xml integration-tests/
COPY integration-tests/schema-registry/pom.xml integration-tests/schema-registry/
RUN mvn -B -q -pl ingest -am dependency:go-offline
COPY schemas schemas
COPY vision vision
COPY test-kit test-kit
COPY runtime runtime
COPY ingest ingest
RUN mvn -B -q -o -pl ingest -am -DskipTests package

FROM ${RUNTIME_IMAGE}
ARG UID=10001
RUN useradd --system --uid ${UID} --home-dir /app --shell /usr/sbin/nologin ebm
WORKDIR /app
COPY --from=build /src/ingest/target/ebm-ingest.jar /app/ebm-ingest.jar
COPY --from=build /src/ingest/target/lib /app/lib
# Heap: half the container's memory; the other half is for ONNX Runtime, OpenCV/FFmpeg, metaspace and
# threads (docs/operations.md, "Memory"). Writable paths for a read-only root filesystem: native-library caches.
ENV EBM_HTTP_PORT=8080 \
    EBM_HTTP_BIND=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp -Djava.io.tmpdir=/tmp"
VOLUME ["/tmp"]
EXPOSE 8080
USER ebm
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["java", "-cp", "/app/ebm-ingest.jar", "io.ebmperception.runtime.http.HealthCheck", "http://localhost:8080/health/ready"]
ENTRYPOINT ["java", "-jar", "/app/ebm-ingest.jar"]
CMD ["--help"]
