//go:build amd64 && !purego

#include "textflag.h"

// The AVX2 version of fillBlocksGo (normal.go): the same xoshiro128** steps on
// eight lanes and the same float32 operations in the same order, without FMA, so
// the numbers are identical. Go assembler operand order: sources first,
// destination last (VSUBPS a, b, d computes d = b - a).

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

	VMOVDQU 0(AX), Y0 // xoshiro128** words s0..s3 of the 8 lanes
	VMOVDQU 32(AX), Y1
	VMOVDQU 64(AX), Y2
	VMOVDQU 96(AX), Y3
	TESTQ CX, CX
	JZ ndone

nloop:
	// u = rotl(s1*5, 7)*9
	VPSLLD $2, Y1, Y8
	VPADDD Y1, Y8, Y8
	VPSLLD $7, Y8, Y9
	VPSRLD $25, Y8, Y8
	VPOR   Y9, Y8, Y8
	VPSLLD $3, Y8, Y9
	VPADDD Y9, Y8, Y8

	// advance: t = s1<<9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
	VPSLLD $9, Y1, Y9
	VPXOR  Y0, Y2, Y2
	VPXOR  Y1, Y3, Y3
	VPXOR  Y2, Y1, Y1
	VPXOR  Y3, Y0, Y0
	VPXOR  Y9, Y2, Y2
	VPSLLD $11, Y3, Y9
	VPSRLD $21, Y3, Y3
	VPOR   Y9, Y3, Y3

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
	VMOVDQU Y0, 0(AX)
	VMOVDQU Y1, 32(AX)
	VMOVDQU Y2, 64(AX)
	VMOVDQU Y3, 96(AX)
	MOVQ    BX, ret+40(FP)
	VZEROUPPER
	RET
