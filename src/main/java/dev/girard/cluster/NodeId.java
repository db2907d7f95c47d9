package dev.girard.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.girard.config.Config;
import dev.girard.config.ConfigKey;

/** This process's name among the nodes: {@code girard.node.id}, else the host name and the process id. */
public final class NodeId {
    private NodeId() {
    }

    public static String of(Config config) {
        String configured = config.get(ConfigKey.NODE_ID);
        if (!configured.isEmpty()) {
            return configured;
        }
        String host = hostName().replaceAll("[^A-Za-z0-9._-]", "-");
        String pid = String.valueOf(ProcessHandle.current().pid());
        return host.substring(0, Math.min(host.length(), 79 - pid.length())) + "-" + pid;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "node" : fromEnvironment;
        }
    }
}
