package org.rnn4j.kernel;

import java.lang.reflect.Constructor;
import java.util.Locale;

/**
 * Chooses the {@link Kernels} implementation once per JVM.
 *
 * <p>The Vector API implementation lives in the optional {@code rnn4j-simd} module and is loaded
 * by class name, only when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 * Otherwise the scalar specification is used. The system property {@code rnn4j.kernels}
 * ({@code scalar} or {@code vector}) overrides the choice. One log line says what was chosen.
 */
public final class KernelProvider {

    private static final String VECTOR_CLASS = "org.rnn4j.simd.VectorKernels";
    private static final System.Logger LOG = System.getLogger("org.rnn4j.kernel");

    private KernelProvider() {
    }

    private static final class Holder {
        static final Kernels INSTANCE = choose();
    }

    /** The kernels this JVM uses. */
    public static Kernels get() {
        return Holder.INSTANCE;
    }

    /** The scalar specification, whatever was chosen. */
    public static Kernels scalar() {
        return new ScalarKernels();
    }

    private static final class VectorHolder {
        static final Kernels INSTANCE = loadVector();
    }

    /**
     * The Vector API kernels, or null when the module or the incubator module is unavailable. One
     * instance per JVM (the one {@link #get()} returns when it chose them): each instance owns a
     * pool of kernel threads.
     */
    public static Kernels vectorOrNull() {
        return VectorHolder.INSTANCE;
    }

    private static Kernels loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Class<?> type = Class.forName(VECTOR_CLASS);
            Constructor<?> ctor = type.getConstructor();
            return (Kernels) ctor.newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static Kernels choose() {
        String wanted = System.getProperty("rnn4j.kernels", "auto").toLowerCase(Locale.ROOT);
        if (wanted.equals("scalar")) {
            Kernels k = scalar();
            LOG.log(System.Logger.Level.INFO, "rnn4j kernels: scalar (requested by -Drnn4j.kernels=scalar)");
            return k;
        }
        Kernels vector = vectorOrNull();
        if (vector != null) {
            LOG.log(System.Logger.Level.INFO, "rnn4j kernels: " + vector.name() + " (Vector API)");
            return vector;
        }
        if (wanted.equals("vector")) {
            throw new IllegalStateException("-Drnn4j.kernels=vector was requested but the Vector API kernels are"
                    + " unavailable: put rnn4j-simd on the class path and start the JVM with"
                    + " --add-modules jdk.incubator.vector");
        }
        LOG.log(System.Logger.Level.INFO, "rnn4j kernels: scalar; for the faster Vector API kernels put rnn4j-simd"
                + " on the class path and start the JVM with --add-modules jdk.incubator.vector");
        return scalar();
    }
}
