# syntax=docker/dockerfile:1
# The trainer (DJL, PyTorch CPU engine from the Maven jars; runs offline).
#   docker build -f docker/trainer.Dockerfile -t ebm-perception/trainer .
#   docker run --rm -v "$PWD/runs:/runs" ebm-perception/trainer train --data toy1 --output /runs/toy1
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
RUN mvn -B -q -pl trainer -am dependency:go-offline
COPY schemas schemas
COPY vision vision
COPY test-kit test-kit
COPY trainer trainer
RUN mvn -B -q -o -pl trainer -am -DskipTests package

FROM ${RUNTIME_IMAGE}
ARG UID=10001
RUN useradd --system --uid ${UID} --home-dir /app --shell /usr/sbin/nologin ebm
WORKDIR /app
COPY --from=build /src/trainer/target/ebm-trainer.jar /app/ebm-trainer.jar
COPY --from=build /src/trainer/target/lib /app/lib
# DJL unpacks libtorch from its jar on first use: keep that cache on a writable volume so the
# root filesystem can stay read-only.
# The serial collector keeps a single-threaded trainer's heap at what it holds live (a 1-D run:
# 0.38 GiB resident instead of 0.54 GiB with G1); the ./ebm launcher sets the same.
ENV DJL_CACHE_DIR=/cache/djl \
    JAVA_TOOL_OPTIONS="-Dai.djl.offline=true -XX:MaxRAMPercentage=75 -XX:+UseSerialGC"
VOLUME ["/cache", "/runs"]
USER ebm
ENTRYPOINT ["java", "-jar", "/app/ebm-trainer.jar"]
CMD ["--help"]
