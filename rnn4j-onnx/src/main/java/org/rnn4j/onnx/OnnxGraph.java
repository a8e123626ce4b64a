package org.rnn4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph under construction: typed inputs and outputs, initializers, and nodes, each node recorded
 * with the opset its operator needs and the model feature it implements, so that an export to a lower
 * opset is refused with the feature named ({@link #requirement()}). Branches of an If node are graphs
 * made by {@link #branch}, sharing the names and the requirements of the graph they belong to.
 */
final class OnnxGraph {

    /** A feature of the model and the highest opset among the operators that implement it. */
    record Requirement(String feature, int opset, Op op) {
    }

    /** Names and requirements shared by a graph and its branches: ONNX names are unique across them. */
    private static final class Shared {
        final Set<String> names = new HashSet<>();
        final Map<String, Requirement> requirements = new LinkedHashMap<>();
    }

    private final Shared shared;
    private final GraphProto.Builder graph;

    OnnxGraph(String name) {
        this(name, new Shared());
    }

    private OnnxGraph(String name, Shared shared) {
        this.shared = shared;
        this.graph = GraphProto.newBuilder().setName(name);
    }

    /** A subgraph (a branch of If) that may read this graph's values. */
    OnnxGraph branch(String name) {
        return new OnnxGraph(name, shared);
    }

    /** Each feature of the graph (and its branches) with the opset it needs, in the order first met. */
    List<Requirement> requirements() {
        return List.copyOf(shared.requirements.values());
    }

    /** {@code base} if unused, else {@code base_2}, {@code base_3}, ...; reserved from then on. */
    String fresh(String base) {
        String name = base;
        for (int i = 2; !shared.names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Reserves an exact name (a graph input or output), which must not be taken. */
    String reserve(String name) {
        if (!shared.names.add(name)) {
            throw new IllegalStateException("ONNX name used twice: " + name);
        }
        return name;
    }

    /** A tensor type; each dimension a {@code String} (symbolic, e.g. "B"), a {@code Number}, or null (unknown). */
    static TypeProto tensorType(TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            }
            shape.addDim(dim);
        }
        return TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))
                .build();
    }

    /** A tensor type of unknown shape, for the outputs of If branches. */
    static TypeProto tensorType(TensorProto.DataType type) {
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()))
                .build();
    }

    /** The optional type wrapping {@code element} (ONNX IR 8, opset 15). */
    static TypeProto optionalType(TypeProto element) {
        return TypeProto.newBuilder().setOptionalType(TypeProto.Optional.newBuilder().setElemType(element)).build();
    }

    void input(String name, TypeProto type, String doc) {
        graph.addInput(ValueInfoProto.newBuilder().setName(reserve(name)).setType(type).setDocString(doc));
    }

    /** Declares an existing value as an output of this graph. */
    void output(String name, TypeProto type, String doc) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(type).setDocString(doc));
    }

    /** A float initializer of shape {@code dims}, stored little-endian as ONNX's raw_data. */
    String floats(String base, float[] values, long... dims) {
        checkSize(values.length, dims);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        String name = fresh(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllDims(asList(dims)).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** An int64 initializer of shape {@code dims}. */
    String longs(String base, long[] values, long... dims) {
        checkSize(values.length, dims);
        String name = fresh(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber()).addAllDims(asList(dims));
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int32 scalar initializer. */
    String int32(String base, int value) {
        String name = fresh(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT32.getNumber())
                .addInt32Data(value));
        return name;
    }

    /** A one-dimensional int64 initializer. */
    String longs(String base, long... values) {
        return longs(base, values, values.length);
    }

    /**
     * Adds a node with one output.
     *
     * @param feature what the node is for, named when the opset is too low ("the optional initial state")
     * @param inputs  value names; "" for an optional input left out
     * @return the output's name, {@code output} made unique
     */
    String node(Op op, String feature, List<String> inputs, String output, AttributeProto... attributes) {
        return node(op, feature, inputs, List.of(output), attributes)[0];
    }

    /** Adds a node; returns its outputs' names, each made unique ("" stays "": an output not wanted). */
    String[] node(Op op, String feature, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        Requirement known = shared.requirements.get(feature);
        if (known == null || op.since() > known.opset()) {
            shared.requirements.put(feature, new Requirement(feature, op.since(), op));
        }
        int used = inputs.size();
        while (used > 0 && inputs.get(used - 1).isEmpty()) {
            used--; // trailing optional inputs left out are dropped, as ONNX allows
        }
        String[] names = new String[outputs.size()];
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op.type()).setName(fresh(op.type().toLowerCase()));
        n.addAllInput(inputs.subList(0, used));
        for (int i = 0; i < names.length; i++) {
            names[i] = outputs.get(i).isEmpty() ? "" : fresh(outputs.get(i));
            n.addOutput(names[i]);
        }
        n.addAllAttribute(Arrays.asList(attributes));
        graph.addNode(n);
        return names;
    }

    GraphProto build() {
        return graph.build();
    }

    static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attribute(String name, long[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto attribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto attribute(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        values.forEach(v -> a.addStrings(ByteString.copyFromUtf8(v)));
        return a.build();
    }

    static AttributeProto attribute(String name, GraphProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(value)
                .build();
    }

    /** A one-element float tensor attribute (ConstantOfShape's value). */
    static AttributeProto floatTensorAttribute(String name, float value) {
        TensorProto t = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT.getNumber()).addDims(1)
                .addFloatData(value).build();
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    private static List<Long> asList(long[] dims) {
        return Arrays.stream(dims).boxed().toList();
    }

    private static void checkSize(int length, long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException(length + " values for a tensor of shape " + Arrays.toString(dims));
        }
    }
}
