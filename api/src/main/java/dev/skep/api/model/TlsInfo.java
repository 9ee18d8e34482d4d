package dev.skep.api.model;

/** The trust root and issuer of a swarm's certificates. */
public record TlsInfo(String trustRoot, String certIssuerSubject, String certIssuerPublicKey) {}
