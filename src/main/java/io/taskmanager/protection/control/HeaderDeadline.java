package io.taskmanager.protection.control;

import io.taskmanager.errors.ErrorCode;
import io.taskmanager.errors.ErrorEnvelope;
import io.taskmanager.errors.ErrorResponses;
import io.taskmanager.platform.JsonFormat;
import io.taskmanager.platform.NoSniffHeader;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A deadline for the request header block on Payara: a connection whose request has sent its
 * first bytes but not its whole header block within {@code taskmanager.http.read-timeout} is
 * answered 408 in the error envelope and closed.
 *
 * <p>Why this class exists. Grizzly parses header blocks without a worker thread, so a
 * trickled header costs no thread, but nothing in Grizzly 4 (Payara 6) bounds how long the
 * block may take: the listener's {@code timeout-seconds} ({@code IdleTimeoutFilter}) restarts
 * with every read, the keep-alive timeout ({@code HttpServerFilter}'s keep-alive queue) is
 * taken off the connection at the first byte of the next request, {@code request-timeout-seconds}
 * is the worker pool's transaction timeout (it interrupts a worker busy too long on one task,
 * and header parsing runs one short task a read) and the transport's
 * {@code read-timeout-millis} bounds blocking reads only. So a client sending a byte a second
 * kept its connection for as long as 32 KiB of header took. WildFly needs none of this:
 * Undertow's {@code request-parse-timeout} does it ({@code taskmanager.cli}).
 *
 * <p>How. At start, Payara's HTTP listeners are found through the server's HK2 locator
 * ({@code Globals} → {@code GrizzlyService} → each listener's {@code GenericGrizzlyListener})
 * and three kinds of Grizzly monitoring probes are attached: on the transport
 * ({@code ConnectionProbe}: a connection's first read starts its first request; its close
 * forgets it), on the HTTP codec ({@code HttpProbe.onHeaderParseEvent}: the header block is
 * complete) and on its keep-alive ({@code KeepAliveProbe.onHitEvent}: the first bytes of the
 * next request on a kept-alive connection; between requests nothing runs, so an idle
 * kept-alive connection stays under the keep-alive timeout alone). A sweep every 200 ms
 * answers and closes the connections past their deadline. A connection accepted before the
 * probes were attached is not watched (Grizzly copies the transport's probes into each
 * connection when it accepts it).
 *
 * <p>All of it goes through reflection and {@link Proxy}: the Grizzly and Payara classes are
 * the server's, not the WAR's, and on another server (WildFly) they are absent; then, or if
 * anything is not as expected, this class logs why and does nothing. A listener restarted by
 * a configuration change gets a new transport without the probes (until the next deployment).
 */
@ApplicationScoped
public class HeaderDeadline {

    private static final Logger LOG = Logger.getLogger(HeaderDeadline.class.getName());
    private static final Duration SWEEP_EVERY = Duration.ofMillis(200);

    @Inject
    @ConfigProperty(name = "taskmanager.http.read-timeout", defaultValue = "PT30S")
    Duration readTimeout;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    /** The connections watched, from their first read until their close. */
    private final Map<Object, Track> connections = new ConcurrentHashMap<>();
    /** What was attached, to detach it when the application stops: monitoring config → probe. */
    private final List<Object[]> attached = new ArrayList<>();
    private final Set<Object> secureTransports = ConcurrentHashMap.newKeySet();
    private Grizzly grizzly;
    private ScheduledFuture<?> sweeper;
    /** Connections accepted while attached keep their copy of the probes: once stopped, they do nothing. */
    private volatile boolean stopped;

    void attachAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // being called constructs the bean, and its @PostConstruct attaches the probes
    }

    @PostConstruct
    void start() {
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            return; // RequestReception refuses the start with the reason
        }
        List<Object> listeners;
        try {
            listeners = payaraListeners();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "no header deadline: not on Payara, or its HTTP listeners are out of reach ({0})", e.toString());
            return;
        }
        if (listeners.isEmpty()) {
            LOG.info("no header deadline: no Payara HTTP listener found");
            return;
        }
        List<String> watched = new ArrayList<>();
        for (Object listener : listeners) {
            try {
                if (attach(listener)) {
                    watched.add(String.valueOf(listener.getClass().getMethod("getName").invoke(listener)));
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "no header deadline on a listener: " + e, e);
            }
        }
        if (!watched.isEmpty()) {
            sweeper = scheduler.scheduleAtFixedRate(this::sweep, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "request header blocks must be complete within {0} on {1}", new Object[] {readTimeout, watched});
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        // the probes hold this application's classes: they leave with it
        for (Object[] configAndProbe : attached) {
            try {
                Object probes = java.lang.reflect.Array.newInstance(configAndProbe[1].getClass().getInterfaces()[0], 1);
                java.lang.reflect.Array.set(probes, 0, configAndProbe[1]);
                grizzly.removeProbes.invoke(configAndProbe[0], probes);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "a header deadline probe was not detached: {0}", e.toString());
            }
        }
        attached.clear();
        connections.clear();
    }

    /** Payara's Grizzly listeners ({@code GenericGrizzlyListener}), through the server's HK2 locator. */
    private List<Object> payaraListeners() throws ReflectiveOperationException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = HeaderDeadline.class.getClassLoader();
        }
        Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", true, loader);
        Method defaultHabitat = globals.getMethod("getDefaultHabitat");
        Object locator = defaultHabitat.invoke(null);
        if (locator == null) {
            throw new IllegalStateException("Globals.getDefaultHabitat() is null");
        }
        // the server's ServiceLocator type, whatever the WAR's loader would make of the name
        Class<?> locatorType = defaultHabitat.getReturnType();
        Class<?> serviceType = Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyService", false, loader);
        Class<?> listenerConfigType = Class.forName("org.glassfish.grizzly.config.dom.NetworkListener", false, loader);
        Object service = locatorType.getMethod("getService", Class.class, Annotation[].class).invoke(locator, serviceType, new Annotation[0]);
        if (service == null) {
            throw new IllegalStateException("no GrizzlyService");
        }
        Collection<?> configs = (Collection<?>) locatorType.getMethod("getAllServices", Class.class, Annotation[].class)
                .invoke(locator, listenerConfigType, new Annotation[0]);
        Method lookup = serviceType.getMethod("lookupNetworkProxy", listenerConfigType);
        Map<Object, Boolean> found = new IdentityHashMap<>();
        List<Object> listeners = new ArrayList<>();
        for (Object config : configs) {
            Object proxy = lookup.invoke(service, config);
            if (proxy == null) {
                continue;
            }
            Method underlying;
            try {
                underlying = proxy.getClass().getMethod("getUnderlyingListener");
            } catch (NoSuchMethodException e) {
                continue; // not a Grizzly listener
            }
            Object listener = underlying.invoke(proxy);
            if (listener != null && found.put(listener, Boolean.TRUE) == null) {
                listeners.add(listener);
            }
        }
        return listeners;
    }

    /** Attaches the probes to one listener; false when it has no transport or no HTTP codec. */
    private boolean attach(Object listener) throws ReflectiveOperationException {
        Object transport;
        try {
            transport = listener.getClass().getMethod("getTransport").invoke(listener);
        } catch (NoSuchMethodException e) {
            return false;
        }
        if (transport == null) {
            return false;
        }
        ClassLoader serverLoader = transport.getClass().getClassLoader();
        if (grizzly == null) {
            grizzly = new Grizzly(serverLoader);
        }
        Method getFilters = listener.getClass().getMethod("getFilters", Class.class);
        List<?> codecs = (List<?>) getFilters.invoke(listener, grizzly.httpServerFilter);
        if (codecs.isEmpty()) {
            return false;
        }
        if (!((List<?>) getFilters.invoke(listener, grizzly.sslBaseFilter)).isEmpty()) {
            // bytes written past the filter chain would not be encrypted: close without an answer
            secureTransports.add(transport);
        }
        List<Object[]> toAttach = new ArrayList<>();
        toAttach.add(new Object[] {grizzly.transportConnectionConfig.invoke(transport), probe(grizzly.connectionProbe, transport)});
        for (Object codec : codecs) {
            toAttach.add(new Object[] {grizzly.monitoringConfig.invoke(codec), probe(grizzly.httpProbe, transport)});
            Object keepAlive = grizzly.keepAlive.get(codec);
            if (keepAlive != null) {
                toAttach.add(new Object[] {grizzly.monitoringConfig.invoke(keepAlive), probe(grizzly.keepAliveProbe, transport)});
            }
        }
        for (Object[] configAndProbe : toAttach) {
            Object probes = java.lang.reflect.Array.newInstance(configAndProbe[1].getClass().getInterfaces()[0], 1);
            java.lang.reflect.Array.set(probes, 0, configAndProbe[1]);
            grizzly.addProbes.invoke(configAndProbe[0], probes);
            attached.add(configAndProbe);
        }
        return true;
    }

    private Object probe(Class<?> type, Object transport) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (stopped && args != null && args.length > 0 && !"equals".equals(method.getName())) {
                return null;
            }
            switch (method.getName()) {
                case "onReadEvent" -> connections.computeIfAbsent(args[0], connection -> new Track(transport));
                case "onHitEvent" -> connections.computeIfAbsent(args[0], connection -> new Track(transport)).begin();
                case "onHeaderParseEvent" -> {
                    Track track = connections.get(args[0]);
                    if (track != null) {
                        track.end();
                    }
                }
                case "onCloseEvent" -> connections.remove(args[0]);
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "taskmanager header deadline " + type.getSimpleName();
                }
                default -> {
                    // the other events do not matter here
                }
            }
            return null;
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Answers and closes the connections whose header block is late. */
    void sweep() {
        long now = System.nanoTime();
        long timeout = readTimeout.toNanos();
        connections.forEach((connection, track) -> {
            if (track.expire(now, timeout)) {
                connections.remove(connection);
                close(connection, track.transport);
            }
        });
    }

    private void close(Object connection, Object transport) {
        var envelope = ErrorResponses.envelope(ErrorCode.REQUEST_TIMEOUT,
                "The request headers did not arrive whole within " + readTimeout.toSeconds() + " s", null, null, "/", null);
        LOG.log(Level.INFO, "request header block not complete within {0}: 408, connection closed, instance={1}",
                new Object[] {readTimeout, envelope.errors().instance()});
        try {
            if (!secureTransports.contains(transport)) {
                grizzly.write(transport, connection, answer(envelope));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "no 408 for a late header block: {0}", e.toString());
        }
        try {
            // graceful: Grizzly closes once the queued answer is written
            grizzly.closeSilently.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "closing a late header block failed: {0}", e.toString());
        }
    }

    private static byte[] answer(ErrorEnvelope envelope) {
        byte[] body = JsonFormat.toJson(envelope).getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\n"
                + "Content-Type: application/json;charset=UTF-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + NoSniffHeader.NAME + ": " + NoSniffHeader.VALUE + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
        System.arraycopy(body, 0, whole, headBytes.length, body.length);
        return whole;
    }

    /** One connection: whether its request's header block is awaited, and since when. */
    private static final class Track {

        final Object transport;
        // guarded by this
        private boolean inHeader = true;
        private long startedNanos = System.nanoTime();

        Track(Object transport) {
            this.transport = transport;
        }

        synchronized void begin() {
            inHeader = true;
            startedNanos = System.nanoTime();
        }

        synchronized void end() {
            inHeader = false;
        }

        /** True once, when the header block is late: the connection is then closed. */
        synchronized boolean expire(long now, long timeout) {
            if (inHeader && now - startedNanos >= timeout) {
                inHeader = false;
                return true;
            }
            return false;
        }
    }

    /** The Grizzly types and members used, from the server's class loader. */
    private static final class Grizzly {

        final Class<?> connectionProbe;
        final Class<?> httpProbe;
        final Class<?> keepAliveProbe;
        final Class<?> httpServerFilter;
        final Class<?> sslBaseFilter;
        final Method transportConnectionConfig;
        final Method monitoringConfig;
        final Method addProbes;
        final Method removeProbes;
        final Field keepAlive;
        final Method getWriter;
        final Method write;
        final Method getMemoryManager;
        final Method wrap;
        final Method closeSilently;

        Grizzly(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> transport = Class.forName("org.glassfish.grizzly.Transport", false, loader);
            Class<?> connection = Class.forName("org.glassfish.grizzly.Connection", false, loader);
            Class<?> monitoringAware = Class.forName("org.glassfish.grizzly.monitoring.MonitoringAware", false, loader);
            Class<?> config = Class.forName("org.glassfish.grizzly.monitoring.MonitoringConfig", false, loader);
            Class<?> writer = Class.forName("org.glassfish.grizzly.Writer", false, loader);
            Class<?> writable = Class.forName("org.glassfish.grizzly.asyncqueue.WritableMessage", false, loader);
            Class<?> memoryManager = Class.forName("org.glassfish.grizzly.memory.MemoryManager", false, loader);
            Class<?> buffers = Class.forName("org.glassfish.grizzly.memory.Buffers", false, loader);
            connectionProbe = Class.forName("org.glassfish.grizzly.ConnectionProbe", false, loader);
            httpProbe = Class.forName("org.glassfish.grizzly.http.HttpProbe", false, loader);
            keepAliveProbe = Class.forName("org.glassfish.grizzly.http.KeepAliveProbe", false, loader);
            httpServerFilter = Class.forName("org.glassfish.grizzly.http.HttpServerFilter", false, loader);
            sslBaseFilter = Class.forName("org.glassfish.grizzly.ssl.SSLBaseFilter", false, loader);
            transportConnectionConfig = transport.getMethod("getConnectionMonitoringConfig");
            monitoringConfig = monitoringAware.getMethod("getMonitoringConfig");
            addProbes = config.getMethod("addProbes", Object[].class);
            removeProbes = config.getMethod("removeProbes", Object[].class);
            // the codec's keep-alive has no getter; its probes say when a kept-alive connection's next request begins
            keepAlive = httpServerFilter.getDeclaredField("keepAlive");
            keepAlive.setAccessible(true);
            getWriter = transport.getMethod("getWriter", connection);
            write = writer.getMethod("write", connection, writable);
            getMemoryManager = connection.getMethod("getMemoryManager");
            wrap = buffers.getMethod("wrap", memoryManager, byte[].class);
            closeSilently = connection.getMethod("closeSilently");
        }

        /** Queues {@code bytes} on the connection's own writer, past the filter chain (no HTTP codec for a request it never parsed). */
        void write(Object transport, Object connection, byte[] bytes) throws ReflectiveOperationException {
            Object buffer = wrap.invoke(null, getMemoryManager.invoke(connection), bytes);
            write.invoke(getWriter.invoke(transport, connection), connection, buffer);
        }
    }
}
