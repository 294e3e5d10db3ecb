package io.ebmperception.trainer.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A small builder of ONNX graphs on the protobuf classes of {@code ai.onnx.proto.OnnxMl}:
 * float inputs and outputs with named dynamic axes, raw-data initialisers, nodes, and the model
 * wrapper (IR 8, opset 13) with metadata properties.
 */
final class OnnxGraph {
  /** ONNX IR version written. */
  static final long IR_VERSION = 8;
  /** Default-domain opset written. */
  static final long OPSET = 13;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /**
   * Declares a float input; a dimension given as a String is dynamic (named), a Long is fixed.
   */
  String input(String name, Object... dims) {
    graph.addInput(valueInfo(name, dims));
    return name;
  }

  /** Declares a float output produced by the node output {@code name}. */
  void output(String name, Object... dims) {
    graph.addOutput(valueInfo(name, dims));
  }

  /** A float initialiser of the given shape, stored little-endian as raw data. */
  String floats(String hint, float[] values, long... dims) {
    String name = unique(hint);
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(buf.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** An int64 initialiser (shapes, axes). */
  String longs(String hint, long... values) {
    String name = unique(hint);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.INT64.getNumber()).addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Adds a node with one output named after {@code hint}; returns the output name. */
  String node(String op, String hint, Map<String, Object> attributes, String... inputs) {
    String out = unique(hint);
    nodeWithOutput(op, out, attributes, inputs);
    return out;
  }

  /** Adds a node writing to the given output name (used for graph outputs). */
  String nodeWithOutput(String op, String output, Map<String, Object> attributes, String... inputs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(unique(op)).addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    attributes.forEach((k, v) -> n.addAttribute(attribute(k, v)));
    graph.addNode(n);
    return output;
  }

  /** The model wrapping this graph, with {@code metadata} as metadata properties. */
  ModelProto toModel(String producerVersion, Map<String, String> metadata) {
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("ebm-perception")
        .setProducerVersion(producerVersion)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph);
    metadata.forEach((k, v) ->
        model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  private String unique(String hint) {
    return hint + "_" + counter++;
  }

  private static ValueInfoProto valueInfo(String name, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
        .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private static AttributeProto attribute(String name, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (value instanceof Integer || value instanceof Long) {
      a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
    } else if (value instanceof long[] ints) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (long v : ints) {
        a.addInts(v);
      }
    } else if (value instanceof Float || value instanceof Double) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
    } else {
      throw new IllegalArgumentException("unsupported attribute type for " + name);
    }
    return a.build();
  }
}
