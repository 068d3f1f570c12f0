package org.postern.engine.api;

/** LIS-1: public listeners receive mail from the internet; private ones from internal hosts. */
public enum ListenerKind { PUBLIC, PRIVATE }
