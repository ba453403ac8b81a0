package org.unpathways.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import inet.ipaddr.IPAddressString;


import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs a real Neo4j community DBMS (embedded, from Maven Central) behind a Bolt
 * connector, for the Python test suite and for {@code pathways neo4j start}.
 *
 * <p>Why: the tests must exercise the Neo4j backend against a genuine server, and
 * this machine has no Docker and no Neo4j tarball - only Maven Central. Embedding
 * the DBMS and enabling Bolt gives the Python driver exactly what a standalone
 * server would offer.
 *
 * <p>Protocol with the parent process (loaders/java_launcher.py builds the command):
 * <ul>
 *   <li>args: {@code --port N --data-dir DIR [--auth] [--until-signal] [--transaction-memory-mb N]}
 *       (the last: query memory per transaction, default 256 MiB, twice that for all together);</li>
 *   <li>{@code --auth}: authentication on; the first line of stdin is the password
 *       of the user {@code neo4j} (stdin, not an argument: arguments are visible to
 *       every local user in the process list). A new store gets this password
 *       before Bolt is opened, so the default password is never accepted; an
 *       existing store keeps the password it was created with;</li>
 *   <li>once Bolt is listening, prints exactly one line
 *       {@code NEO4J_READY bolt://127.0.0.1:N} to stdout;</li>
 *   <li>runs until stdin reaches EOF (so a test server dies with its parent even if
 *       the parent is killed) or, with {@code --until-signal} (a server the user
 *       starts and stops), until SIGTERM; either way a shutdown hook stops the DBMS
 *       cleanly, so the store can be reopened by a later start.</li>
 * </ul>
 * Neo4j's own logs go to {@code DIR/logs/} (debug.log), never to stdout.
 */
public final class Neo4jLauncher {

    /** Loopback, private, link-local and unique-local networks: LOAD CSV may fetch from none of them. */
    private static final List<IPAddressString> BLOCKED_NETWORKS = List.of(
            "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "0.0.0.0/8",
            "::1/128", "fc00::/7", "fe80::/10").stream().map(IPAddressString::new).toList();

    private Neo4jLauncher() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error problem) {
            // Exit (running the shutdown hook): Neo4j's own threads would otherwise keep a half-started JVM up.
            problem.printStackTrace();
            System.exit(1);
        }
    }

    /** Query memory one transaction may hold, in MiB; all transactions together may hold twice that. */
    private static long transactionMemoryMb = 256;

    private static void run(String[] args) throws Exception {
        int port = -1;
        Path dataDir = null;
        boolean auth = false;
        boolean untilSignal = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(requireValue(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(requireValue(args, ++i, "--data-dir"));
                case "--auth" -> auth = true;
                case "--until-signal" -> untilSignal = true;
                case "--transaction-memory-mb" -> transactionMemoryMb =
                        Long.parseLong(requireValue(args, ++i, "--transaction-memory-mb"));
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (port <= 0 || port > 65535 || dataDir == null) {
            usage("--port and --data-dir are required");
        }
        Files.createDirectories(dataDir);
        Path home = dataDir.toAbsolutePath();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = null;
        if (auth) {
            password = stdin.readLine();
            if (password == null || password.isBlank()) {
                usage("--auth expects the password on the first line of stdin");
            }
            if (!Files.isDirectory(home.resolve("data").resolve("databases").resolve("system"))) {
                // New store: set the password with Bolt closed, then open Bolt below.
                DatabaseManagementService setup = builder(home, port, true, false).build();
                try {
                    setPassword(setup, password);
                } finally {
                    setup.shutdown();
                }
            }
        }

        DatabaseManagementService dbms = builder(home, port, auth, true).build();

        // Runs on SIGTERM/SIGINT and on System.exit: flushes and unlocks the store.
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-launcher-shutdown"));

        // build() returns once the default database is started and Bolt is bound.
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (untilSignal) {
            new CountDownLatch(1).await(); // until SIGTERM runs the shutdown hook
        } else {
            waitForEof(stdin);
        }
        // Parent closed our stdin: exit, which runs the shutdown hook.
        System.exit(0);
    }

    private static DatabaseManagementServiceBuilder builder(Path home, int port, boolean auth, boolean bolt) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, bolt)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Tests connect with arbitrary basic-auth credentials (auth off);
                // `pathways neo4j start` runs with auth on.
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                // Keep the footprint small: the graphs are tiny.
                .setConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
                // Netty otherwise idles 5 s per Bolt connector on shutdown (~10 s in
                // total), which makes every stop()/restart() in the tests slow.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                // The same hardening as docker-compose.yml (docs/reliability.md, "Limits the server
                // enforces"): no LOAD CSV from the server's files, no LOAD CSV from private or local
                // addresses, a memory cap per transaction and for all transactions together (a query
                // that builds a huge list is stopped instead of running the JVM out of heap), and a
                // server-side ceiling on any transaction's run time.
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist, BLOCKED_NETWORKS)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, transactionMemoryMb * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        2 * transactionMemoryMb * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5))
                // Timed-out transactions are looked for every 200 ms (default 2 s), so a query stops
                // on the server within its time limit plus a fraction of a second.
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(200))
                // Plans show the literals as written instead of $autoint_0 placeholders, so the plan check
                // (queries/plan_check.py) can see a range() bound or a replace() growth factor and refuse
                // a query that would build a value bigger than the heap inside one expression.
                .setConfig(GraphDatabaseInternalSettings.extract_literals,
                        GraphDatabaseInternalSettings.ExtractLiteral.NEVER);
    }

    /** Sets the password of the user neo4j (embedded calls run with full rights). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    }

    /** Blocks until the stream is closed (or unreadable); the data itself is ignored. */
    private static void waitForEof(Reader in) {
        char[] buffer = new char[256];
        try {
            while (in.read(buffer) != -1) {
                // discard
            }
        } catch (IOException ignored) {
            // treat a broken stdin like EOF
        }
    }

    private static String requireValue(String[] args, int i, String flag) {
        if (i >= args.length) {
            usage(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("Neo4jLauncher: " + problem);
        System.err.println("usage: Neo4jLauncher --port N --data-dir DIR [--auth] [--until-signal] [--transaction-memory-mb N]");
        System.exit(2);
    }
}
