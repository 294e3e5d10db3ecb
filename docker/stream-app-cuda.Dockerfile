# syntax=docker/dockerfile:1
# The stream app on NVIDIA GPUs: ONNX Runtime's GPU build (Maven property -Dgpu) on a CUDA 12 +
# cuDNN 9 runtime image; start it with --set execution.provider=cuda (the k8s gpu overlay does).
# Without a usable GPU the app logs it and runs on CPU.
#   docker build -f docker/stream-app-cuda.Dockerfile -t ebm-perception/stream-app:cuda .
ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

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
RUN mvn -B -q -Dgpu -pl stream-app -am dependency:go-offline
COPY schemas schemas
COPY vision vision
COPY test-kit test-kit
COPY runtime runtime
COPY ingest ingest
COPY stream-app stream-app
RUN mvn -B -q -o -Dgpu -pl stream-app -am -DskipTests package

FROM ${RUNTIME_IMAGE}
ARG UID=10001
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid ${UID} --home-dir /app --shell /usr/sbin/nologin ebm
WORKDIR /app
COPY --from=build /src/stream-app/target/ebm-stream-app.jar /app/ebm-stream-app.jar
COPY --from=build /src/stream-app/target/lib /app/lib
ENV EBM_STATE_DIR=/tmp/streams \
    EBM_HTTP_PORT=8080 \
    EBM_HTTP_BIND=0.0.0.0 \
    EBM_EXECUTION_PROVIDER=cuda \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp -Djava.io.tmpdir=/tmp"
VOLUME ["/tmp"]
EXPOSE 8080
USER ebm
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-cp", "/app/ebm-stream-app.jar", "io.ebmperception.runtime.http.HealthCheck", "http://localhost:8080/health/ready"]
ENTRYPOINT ["java", "-jar", "/app/ebm-stream-app.jar"]
CMD ["--help"]
