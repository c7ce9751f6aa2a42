/* bcryptprimitives.dll for Wine 8 (Debian 12's), which lacks it: Rust's standard
 * library on Windows draws its random numbers (the keys of HashMap) from its
 * ProcessPrng, so without it no Rust program built for Windows starts under that
 * Wine ("Library bcryptprimitives.dll ... not found", status c0000135). This one
 * draws them from advapi32's RtlGenRandom (SystemFunction036), which Wine has.
 * Built with mingw-w64 and put into the Wine prefix by scripts/tools.sh
 * (ensure_wine); only for running the tests under Wine, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
