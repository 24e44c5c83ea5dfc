package dev.baton.cib;

import dev.baton.api.v1alpha1.HANode;
import dev.baton.api.v1alpha1.Primitive;
import dev.baton.api.v1alpha1.PrimitiveSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPaddr2 address without {@code nic} goes on the interface that already has an address in its subnet (the
 * script's findif, the native agent alike); with none on any node, every start would fail with "not configured".
 * The agents publish their addresses (HANode status.networks), so the operator says so before anything runs:
 * Ready=False with the reason, and the resource is left as it is until params.ip (or nic) is fixed. Nodes whose
 * agent publishes no addresses are not judged; IPv6 addresses neither (the native agent is IPv4 only).
 */
final class VipSubnets {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private VipSubnets() {
  }

  /** The IPaddr2 primitives whose address fits no node's subnet (recorded in {@code problems}). */
  static Set<String> check(Snapshot s, Problems problems) {
    Set<String> held = new LinkedHashSet<>();
    List<String> published = new ArrayList<>();
    for (HANode n : s.nodes()) {
      if (n.getStatus() != null && n.getStatus().networks != null) {
        n.getStatus().networks.forEach((nic, addresses) -> addresses.forEach(a -> published.add(
            n.getMetadata().getName() + ": " + nic + " " + a)));
      }
    }
    if (published.isEmpty()) {
      return held;
    }
    for (Primitive p : s.primitives()) {
      PrimitiveSpec spec = p.getSpec();
      Map<String, IntOrString> params = spec.params == null ? Map.of() : spec.params;
      String nic = Durations.text(params.get("nic"));
      Long ip = ipv4(Durations.text(params.get("ip")));
      if (spec.resourceClass != PrimitiveSpec.ResourceClass.ocf || !"IPaddr2".equals(spec.type) || ip == null
          || (nic != null && !nic.isBlank())) {
        continue;
      }
      Integer given = prefix(Durations.text(params.get("cidr_netmask")));
      boolean fits = published.stream().anyMatch(entry -> {
        String cidr = entry.substring(entry.lastIndexOf(' ') + 1);
        Long address = ipv4(cidr.substring(0, cidr.indexOf('/')));
        int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        return address != null && !address.equals(ip) && prefix < 32
            && sameNetwork(address, ip, given == null ? prefix : given);
      });
      if (!fits) {
        held.add(p.getMetadata().getName());
        problems.add(p, "NoInterfaceForAddress", "params.ip " + Durations.text(params.get("ip"))
            + (given == null ? "" : "/" + given) + " is in no subnet of the nodes' interfaces ("
            + String.join(", ", published) + "): IPaddr2 would find no interface for it; fix params.ip or set"
            + " params.nic. The resource is left as it is until then");
      }
    }
    return held;
  }

  private static boolean sameNetwork(long a, long b, int prefix) {
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return (a & mask) == (b & mask);
  }

  /** A dotted-quad IPv4 address as an unsigned number, or null for anything else (IPv6, a typo). */
  private static Long ipv4(String s) {
    Matcher m = s == null ? null : IPV4.matcher(s.strip());
    if (m == null || !m.matches()) {
      return null;
    }
    long v = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        return null;
      }
      v = (v << 8) | octet;
    }
    return v;
  }

  /** cidr_netmask as IPaddr2 takes it: a prefix length, or a dotted mask; null when not set or not IPv4. */
  private static Integer prefix(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    if (s.strip().matches("\\d{1,2}")) {
      int p = Integer.parseInt(s.strip());
      return p <= 32 ? p : null;
    }
    Long mask = ipv4(s);
    return mask == null ? null : Long.bitCount(mask);
  }
}
