/**
 * Input and output beside the topology: replay of recorded video or image folders into the frames
 * topic (JavaCV/FFmpeg), label tables, read_committed topic reading, and the evaluation report
 * and plot of a run's predictions.
 */
package io.ebmperception.stream.io;
