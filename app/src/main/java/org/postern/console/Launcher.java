package org.postern.console;
public final class Launcher { public static void main(String[] a) {} }
