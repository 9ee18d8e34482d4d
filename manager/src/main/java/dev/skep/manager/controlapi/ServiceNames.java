package dev.skep.manager.controlapi;

import java.security.SecureRandom;
import java.util.List;

/** Names for services created without one: {@code adjective_noun}, as dockerd gives them. */
final class ServiceNames {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> ADJECTIVES = List.of(
            "amber", "brave", "calm", "clever", "crisp", "daring", "eager", "fancy", "gentle", "happy", "jolly", "keen",
            "lively", "lucid", "merry", "nimble", "polite", "quiet", "rapid", "sharp", "silent", "steady", "sunny",
            "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty");
    private static final List<String> NOUNS = List.of(
            "otter", "falcon", "maple", "comet", "harbor", "lynx", "meadow", "nebula", "orchid", "pebble", "quartz",
            "raven", "river", "sparrow", "summit", "tiger", "tulip", "walrus", "willow", "zephyr", "badger", "cedar",
            "dolphin", "ember", "fjord", "glacier", "heron", "island", "juniper", "koala");

    private ServiceNames() {}

    static String random() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + NOUNS.get(RANDOM.nextInt(NOUNS.size()));
    }
}
