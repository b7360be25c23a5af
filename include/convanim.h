#ifndef CONVANIM_H
#define CONVANIM_H

/* The whole public API of libconvanim: signals, the engine, the scene and
 * its drawing, the writers and their sinks, the web snippets. Each header
 * under convanim/ also stands alone. */

#include "convanim/anim.h"
#include "convanim/canvas.h"
#include "convanim/continuous.h"
#include "convanim/conv.h"
#include "convanim/conv2d.h"
#include "convanim/error.h"
#include "convanim/file_writer.h"
#include "convanim/figure.h"
#include "convanim/gif.h"
#include "convanim/image.h"
#include "convanim/integral.h"
#include "convanim/kernel.h"
#include "convanim/meta.h"
#include "convanim/plot.h"
#include "convanim/png.h"
#include "convanim/scene.h"
#include "convanim/sheet.h"
#include "convanim/signal.h"
#include "convanim/sink.h"
#include "convanim/slide2d.h"
#include "convanim/text.h"
#include "convanim/video.h"
#include "convanim/web.h"
#include "convanim/webp.h"
#include "convanim/writer.h"

#endif
