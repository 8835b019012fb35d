# Payara Micro 6 on JDK 17, running the same WAR and post-boot file as the microbundle.
# Build first: mvn package  (produces target/task-manager.war and target/payara/libs/postgresql.jar)
FROM payara/micro:6.2025.10-jdk17

# the image's default user is already the unprivileged "payara"
USER payara
COPY --chown=payara target/payara/libs/postgresql.jar /opt/payara/libs/postgresql.jar
COPY --chown=payara server-config/payara/post-boot-commands.asadmin /opt/payara/config/post-boot-commands.asadmin
# ROOT.war: served at "/"
COPY --chown=payara target/task-manager.war /opt/payara/deployments/ROOT.war

# 8080: HTTP; 7800: JGroups, when instances share rate limits and bans
# (TASKMANAGER_CLUSTER_MEMBERS or TASKMANAGER_CLUSTER_DNS_QUERY, TASKMANAGER_CLUSTER_BIND_ADDRESS)
EXPOSE 8080 7800
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8080/health/ready || exit 1

# configuration comes only from the environment: DB_*, MAIL_*, TASKMANAGER_*, MP_CONFIG_PROFILE
CMD ["--nohazelcast", "--addlibs", "/opt/payara/libs/postgresql.jar", \
     "--postbootcommandfile", "/opt/payara/config/post-boot-commands.asadmin", \
     "--deploy", "/opt/payara/deployments/ROOT.war", "--port", "8080"]
