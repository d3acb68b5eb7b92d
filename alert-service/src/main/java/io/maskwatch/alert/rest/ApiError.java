package io.maskwatch.alert.rest;

/** The body of every error answer: what went wrong, in words a caller can act on. */
public record ApiError(int status, String error) {}
