//go:build amd64 && !purego

#include "textflag.h"

// AVX2 versions of mulGo, ruleGo, reluGo and reluBackwardGo (kernels.go); the
// masks are drawn by package rngs' kernel. They perform the same
// IEEE operations in the same order, without FMA, so their results are identical;
// see the Go versions for what each step means. Go assembler operand order:
// sources first, destination last (VSUBPS a, b, d computes d = b - a).

// func mulAVX2(dst, s *float32, n int)
TEXT ·mulAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ s+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	JZ   mdone

mloop:
	VMOVUPS (DI), Y0
	VMULPS  (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     mloop

mdone:
	VZEROUPPER
	RET

// func ruleAVX2(w, grad, p *float32, n int, c *ruleConsts)
TEXT ·ruleAVX2(SB), NOSPLIT, $0-40
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), SI
	MOVQ p+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ c+32(FP), AX

	// ruleConsts: lr 0, wd 4, mod 8, pUp 12, pDown 16, gLim 20, freeze 24, pMin 28, pMax 32
	VBROADCASTSS 0(AX), Y15  // lr
	VBROADCASTSS 4(AX), Y14  // wd
	VBROADCASTSS 8(AX), Y13  // mod
	VBROADCASTSS 12(AX), Y12 // pUp
	VBROADCASTSS 16(AX), Y11 // pDown, negated below
	MOVL         $0x80000000, R9
	MOVQ         R9, X0
	VPBROADCASTD X0, Y0
	VXORPS       Y0, Y11, Y11 // -pDown
	VBROADCASTSS 20(AX), Y10  // gLim bits, minus 1 below
	VPCMPEQD     Y0, Y0, Y0   // -1
	VPADDD       Y0, Y10, Y10
	VBROADCASTSS 24(AX), Y9   // freeze bits
	VBROADCASTSS 28(AX), Y8   // pMin bits
	VBROADCASTSS 32(AX), Y7   // pMax bits
	MOVL         $0x3f800000, R9
	MOVQ         R9, X6
	VPBROADCASTD X6, Y6 // 1.0
	MOVL         $0x7fffffff, R9
	MOVQ         R9, X5
	VPBROADCASTD X5, Y5 // abs mask

	SHRQ $3, CX
	JZ   rdone

rloop:
	VMOVUPS (SI), Y0 // g
	VMOVUPS (DX), Y1 // p
	VMOVUPS (DI), Y2 // w

	// w -= lr*(g*(1 - p*mod) + wd*w)
	VMULPS  Y13, Y1, Y3
	VSUBPS  Y3, Y6, Y3
	VMULPS  Y3, Y0, Y3
	VMULPS  Y14, Y2, Y4
	VADDPS  Y4, Y3, Y3
	VMULPS  Y15, Y3, Y3
	VSUBPS  Y3, Y2, Y2
	VMOVUPS Y2, (DI)

	// delta = bits(|g|) > bits(gLim)-1 ? pUp : -pDown
	VANDPS   Y5, Y0, Y0
	VPCMPGTD Y10, Y0, Y0
	VANDPS   Y12, Y0, Y3
	VANDNPS  Y11, Y0, Y0
	VORPS    Y3, Y0, Y0

	// p = clamp(p + ((1-p)*delta & (bits(freeze) > bits(p))), pMin, pMax) as int32
	VSUBPS   Y1, Y6, Y3
	VMULPS   Y0, Y3, Y3
	VPCMPGTD Y1, Y9, Y4
	VANDPS   Y4, Y3, Y3
	VADDPS   Y3, Y1, Y1
	VPMAXSD  Y8, Y1, Y1
	VPMINSD  Y7, Y1, Y1
	VMOVUPS  Y1, (DX)

	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  rloop

rdone:
	VZEROUPPER
	RET

// func reluAVX2(z *float32, n int)
TEXT ·reluAVX2(SB), NOSPLIT, $0-16
	MOVQ z+0(FP), DI
	MOVQ n+8(FP), CX
	SHRQ $3, CX
	JZ   udone

uloop:
	VMOVDQU (DI), Y0
	VPSRAD  $31, Y0, Y1 // all ones where the sign bit is set
	VPANDN  Y0, Y1, Y0  // z &^ sign mask
	VMOVDQU Y0, (DI)
	ADDQ    $32, DI
	DECQ    CX
	JNZ     uloop

udone:
	VZEROUPPER
	RET

// func reluBackwardAVX2(d, act *float32, n int)
TEXT ·reluBackwardAVX2(SB), NOSPLIT, $0-24
	MOVQ   d+0(FP), DI
	MOVQ   act+8(FP), SI
	MOVQ   n+16(FP), CX
	VPXOR  Y2, Y2, Y2
	SHRQ   $3, CX
	JZ     bdone

bloop:
	VPCMPEQD (SI), Y2, Y1 // all ones where act is +0
	VPANDN   (DI), Y1, Y0 // d &^ that
	VMOVDQU  Y0, (DI)
	ADDQ     $32, DI
	ADDQ     $32, SI
	DECQ     CX
	JNZ      bloop

bdone:
	VZEROUPPER
	RET
