#include "convanim/anim.h"
#include "convanim/writer.h"
#include "base/util.h"

ca_status ca_writer_check_delay(const char *format, unsigned long frame, int delay_ms,
                                ca_error *err)
{
    if (delay_ms < 1 || delay_ms > CA_ANIM_MAX_DELAY_MS)
        return ca_fail(err, CA_EINPUT, "frame %lu: delay %d ms is not within 1..%d ms for %s",
                       frame, delay_ms, CA_ANIM_MAX_DELAY_MS, format);
    return CA_OK;
}
