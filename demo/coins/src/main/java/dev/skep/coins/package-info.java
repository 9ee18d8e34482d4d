/** The project's own DockerCoins services: rng, hasher, worker and webui. */
package dev.skep.coins;
