/**
 * Replay of recorded video or image folders into the frames topic (JavaCV/FFmpeg), with their
 * label tables, and the demo's video of a run: recordings in, frames out.
 */
package io.ebmperception.stream.replay;
