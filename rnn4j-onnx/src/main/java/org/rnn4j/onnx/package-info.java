/**
 * Export of rnn4j models to ONNX, for serving in ONNX Runtime and other ONNX runtimes.
 *
 * <p>Holds: {@link org.rnn4j.onnx.OnnxExport} (a model or a bare recurrent layer to a serialized ONNX
 * {@code ModelProto}), its {@link org.rnn4j.onnx.ExportOptions} and {@link org.rnn4j.onnx.OnnxExportException};
 * package-private, the graph builder ({@code OnnxGraph}, each node with the opset its operator needs), the
 * operator table ({@code Op}) and the recurrent stack's nodes with PyTorch's gate order mapped to ONNX's
 * ({@code RecurrentGraph}).
 *
 * <p>Does not hold: running ONNX models (a client's ONNX Runtime does that), reading them back. The ONNX
 * protobuf classes come from Tribuo's {@code tribuo-util-onnx}; nothing here is written by hand at the byte level.
 *
 * <p>Depends on {@code model}, {@code nn}, {@code nn.recurrent}, {@code kernel} and {@code io} of rnn4j-core.
 */
package org.rnn4j.onnx;
