/** Frame validation, decoding (OpenCV through JavaCV) and preprocessing into model inputs. */
package io.ebmperception.stream.vision;
