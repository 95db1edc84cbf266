//go:build amd64 && !purego

#include "textflag.h"

// AVX2 versions of the conversion loop of fillBlocksGo (normal.go) and of
// masksGo (masks.go), each drawing its words from the eight xoshiro128** lanes
// in the same pass, which is what makes them fast: the generator's integer work
// runs while the float work of the previous block is in flight. They perform
// the same xoshiro128** steps and the same float32 operations in the same order
// as the Go versions, without FMA, so the numbers are identical. Go assembler
// operand order: sources first, destination last (VSUBPS a, b, d computes
// d = b - a).

// XOSHIRO8 is presyn's one assembly copy of the generator (Xoshiro8.Next8 in
// xoshiro.go): with words s0..s3 of the eight lanes in Y0..Y3, it writes the
// outputs u = rotl(s1*5, 7)*9 to Y8 and advances the lanes: t = s1<<9;
// s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11). It
// clobbers Y9.
#define XOSHIRO8 \
	VPSLLD $2, Y1, Y8; \
	VPADDD Y1, Y8, Y8; \
	VPSLLD $7, Y8, Y9; \
	VPSRLD $25, Y8, Y8; \
	VPOR   Y9, Y8, Y8; \
	VPSLLD $3, Y8, Y9; \
	VPADDD Y9, Y8, Y8; \
	VPSLLD $9, Y1, Y9; \
	VPXOR  Y0, Y2, Y2; \
	VPXOR  Y1, Y3, Y3; \
	VPXOR  Y2, Y1, Y1; \
	VPXOR  Y3, Y0, Y0; \
	VPXOR  Y9, Y2, Y2; \
	VPSLLD $11, Y3, Y9; \
	VPSRLD $21, Y3, Y3; \
	VPOR   Y9, Y3, Y3

// LOADLANES and STORELANES move the lanes' state between *AX and Y0..Y3.
#define LOADLANES \
	VMOVDQU 0(AX), Y0; \
	VMOVDQU 32(AX), Y1; \
	VMOVDQU 64(AX), Y2; \
	VMOVDQU 96(AX), Y3

#define STORELANES \
	VMOVDQU Y0, 0(AX); \
	VMOVDQU Y1, 32(AX); \
	VMOVDQU Y2, 64(AX); \
	VMOVDQU Y3, 96(AX)

// func normalsAVX2(s *[4][8]uint32, dst *float32, blocks int, q *float32, tail *[8]uint32) int
TEXT ·normalsAVX2(SB), NOSPLIT, $0-48
	MOVQ s+0(FP), AX
	MOVQ dst+8(FP), DI
	MOVQ blocks+16(FP), CX
	MOVQ q+24(FP), SI
	MOVQ tail+32(FP), R8
	XORQ BX, BX // blocks done

	MOVL $0x000fffff, R9 // the low 20 bits: the place inside the bin
	MOVQ R9, X4
	VPBROADCASTD X4, Y4
	MOVL $0x35800000, R9 // 2^-20
	MOVQ R9, X5
	VPBROADCASTD X5, Y5
	MOVL $4095, R9 // the last bin
	MOVQ R9, X6
	VPBROADCASTD X6, Y6
	VPXOR Y7, Y7, Y7 // the first bin

	LOADLANES
	TESTQ CX, CX
	JZ ndone

nloop:
	XOSHIRO8 // u in Y8

	// bin = u>>20; an outer bin in any lane leaves the block to the caller
	VPSRLD   $20, Y8, Y9
	VPCMPEQD Y7, Y9, Y10
	VPCMPEQD Y6, Y9, Y11
	VPOR     Y11, Y10, Y10
	VPTEST   Y10, Y10
	JNZ      ntail

	// frac = float32(u & (2^20-1)) * 2^-20, exact
	VPAND     Y4, Y8, Y10
	VCVTDQ2PS Y10, Y10
	VMULPS    Y5, Y10, Y10

	// lo = q[bin], hi = q[bin+1]; z = lo + frac*(hi-lo)
	VPCMPEQD   Y12, Y12, Y12
	VGATHERDPS Y12, (SI)(Y9*4), Y13
	VPCMPEQD   Y12, Y12, Y12
	VGATHERDPS Y12, 4(SI)(Y9*4), Y14
	VSUBPS     Y13, Y14, Y14
	VMULPS     Y14, Y10, Y14
	VADDPS     Y14, Y13, Y14
	VMOVUPS    Y14, (DI)

	ADDQ $32, DI
	INCQ BX
	CMPQ BX, CX
	JLT  nloop
	JMP  ndone

ntail:
	VMOVDQU Y8, (R8)

ndone:
	STORELANES
	MOVQ BX, ret+40(FP)
	VZEROUPPER
	RET

// func masksAVX2(s *[4][8]uint32, w, p, out, weff *float32, blocks int, mode MaskMode, thr, inv float32)
TEXT ·masksAVX2(SB), NOSPLIT, $0-64
	MOVQ s+0(FP), AX
	MOVQ w+8(FP), SI
	MOVQ p+16(FP), DX
	MOVQ out+24(FP), DI
	MOVQ weff+32(FP), R8
	MOVQ blocks+40(FP), CX
	MOVQ mode+48(FP), BX
	VBROADCASTSS thr+56(FP), Y4
	VBROADCASTSS inv+60(FP), Y5
	MOVL $0x3f800000, R9 // 1.0
	MOVQ R9, X6
	VPBROADCASTD X6, Y6
	MOVL $0x4b800000, R9 // 2^24
	MOVQ R9, X7
	VPBROADCASTD X7, Y7
	LOADLANES
	TESTQ CX, CX
	JZ mdone

mloop:
	XOSHIRO8 // u in Y8

	// float32(u>>8), exact
	VPSRLD    $8, Y8, Y8
	VCVTDQ2PS Y8, Y8

	// threshold Y11 and divisor inverse Y12
	VMOVAPS Y4, Y11
	VMOVAPS Y5, Y12
	TESTQ   $1, BX // ThresholdFromP
	JZ      mnothr
	VMULPS  (DX), Y7, Y11 // p*2^24

mnothr:
	TESTQ   $2, BX // DivideByP
	JZ      mnoinv
	VMOVUPS (DX), Y10
	VDIVPS  Y10, Y6, Y12 // 1/p

mnoinv:
	VCMPPS  $1, Y11, Y8, Y13 // all ones where u>>8 < threshold (LT_OS)
	VANDPS  Y12, Y13, Y13    // s = mask ? q : +0
	VMOVUPS Y13, (DI)
	VMULPS  (SI), Y13, Y14   // weff = w*s
	VMOVUPS Y14, (R8)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	ADDQ    $32, R8
	DECQ    CX
	JNZ     mloop

mdone:
	STORELANES
	VZEROUPPER
	RET
