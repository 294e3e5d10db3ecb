#!/usr/bin/python3
"""A real RTSP server for the ingest tests: GStreamer's rtsp-server on 127.0.0.1 serving a live
test pattern as MJPEG over RTP at rtsp://127.0.0.1:PORT/cam. Usage: rtsp_server.py PORT [FPS]."""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

port = sys.argv[1]
fps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f"( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate={fps}/1 "
    "! videoconvert ! video/x-raw,format=I420 ! jpegenc ! rtpjpegpay name=pay0 pt=26 )")
factory.set_shared(True)
server.get_mount_points().add_factory("/cam", factory)
server.attach(None)
print(f"rtsp://127.0.0.1:{port}/cam", flush=True)
GLib.MainLoop().run()
