/** Compose files (compose spec, version 3.x) converted to Swarm stacks: services, networks, volumes. */
package dev.skep.compose;
