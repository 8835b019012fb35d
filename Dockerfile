# Payara Micro 6 on JDK 17 running target/task-manager.war at "/", with the same pre-boot,
# post-boot and system-properties files as the microbundle. Build first: mvn package (the WAR
# and target/payara/libs/postgresql.jar).
# Without Docker, tools/run-like-the-image.sh runs this ENTRYPOINT and CMD with the same files.
FROM payara/micro:6.2025.10-jdk17

# the image's default user is already the unprivileged "payara"; nothing below runs as root
USER payara
COPY --chown=payara target/payara/libs/postgresql.jar /opt/payara/libs/postgresql.jar
COPY --chown=payara server-config/payara/pre-boot-commands.asadmin /opt/payara/config/pre-boot-commands.asadmin
COPY --chown=payara server-config/payara/post-boot-commands.asadmin /opt/payara/config/post-boot-commands.asadmin
COPY --chown=payara server-config/payara/system.properties /opt/payara/config/system.properties
COPY --chown=payara server-config/docker/entrypoint.sh /opt/payara/config/entrypoint.sh
COPY --chown=payara server-config/docker/healthcheck.sh /opt/payara/config/healthcheck.sh
COPY --chown=payara target/task-manager.war /opt/payara/deployments/ROOT.war

# 8080: HTTP; 7800: JGroups, when instances share rate limits and bans
# (TASKMANAGER_CLUSTER_MEMBERS or TASKMANAGER_CLUSTER_DNS_QUERY, TASKMANAGER_CLUSTER_BIND_ADDRESS)
EXPOSE 8080 7800
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["/bin/bash", "/opt/payara/config/healthcheck.sh", "8080"]

# Configuration comes only from the environment (DB_*, MAIL_*, TASKMANAGER_*, MP_*; see
# docker-compose.yaml for the full list) and from secret files named by NAME_FILE variables.
# The image always starts in production mode: without its own token key pair
# (TASKMANAGER_JWT_SIGNING_KEY_LOCATION, MP_JWT_VERIFY_PUBLICKEY_LOCATION), a database or a
# mail relay, the container exits with status 78 and one log line naming what to set.
ENTRYPOINT ["/bin/sh", "/opt/payara/config/entrypoint.sh"]
CMD ["--nohazelcast", "--addlibs", "/opt/payara/libs/postgresql.jar", \
     "--prebootcommandfile", "/opt/payara/config/pre-boot-commands.asadmin", \
     "--postbootcommandfile", "/opt/payara/config/post-boot-commands.asadmin", \
     "--systemProperties", "/opt/payara/config/system.properties", \
     "--deploy", "/opt/payara/deployments/ROOT.war", "--port", "8080"]
