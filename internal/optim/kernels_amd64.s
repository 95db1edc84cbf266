//go:build amd64 && !purego

#include "textflag.h"

// AVX2 versions of sgdGo and adamGo (kernels.go): the same IEEE operations in the
// same order, without FMA. Go assembler operand order: sources first, destination
// last (VSUBPS a, b, d computes d = b - a).

// func sgdAVX2(params, grads *float32, n int, lr, wd float32)
TEXT ·sgdAVX2(SB), NOSPLIT, $0-32
	MOVQ         params+0(FP), DI
	MOVQ         grads+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS lr+24(FP), Y15
	VBROADCASTSS wd+28(FP), Y14
	SHRQ         $3, CX
	JZ           sdone

sloop:
	VMOVUPS (DI), Y0
	VMULPS  Y0, Y14, Y1 // wd*w
	VADDPS  (SI), Y1, Y1 // g + wd*w
	VMULPS  Y1, Y15, Y1 // lr*(...)
	VSUBPS  Y1, Y0, Y0  // w - lr*(...)
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     sloop

sdone:
	VZEROUPPER
	RET

// func adamAVX2(params, grads, m, v *float32, n int, c *adamConsts)
TEXT ·adamAVX2(SB), NOSPLIT, $0-48
	MOVQ params+0(FP), DI
	MOVQ grads+8(FP), SI
	MOVQ m+16(FP), DX
	MOVQ v+24(FP), R8
	MOVQ n+32(FP), CX
	MOVQ c+40(FP), AX

	// adamConsts: oneMinusB1 0, b2 4, oneMinusB2 8, wd 12, eps 16, stepSize 20, bc2Sqrt 24
	VBROADCASTSS 0(AX), Y15
	VBROADCASTSS 4(AX), Y14
	VBROADCASTSS 8(AX), Y13
	VBROADCASTSS 12(AX), Y12
	VBROADCASTSS 16(AX), Y11
	VBROADCASTSS 20(AX), Y10
	VBROADCASTSS 24(AX), Y9
	SHRQ         $3, CX
	JZ           adone

aloop:
	VMOVUPS (DI), Y0 // w
	VMOVUPS (DX), Y1 // m
	VMOVUPS (R8), Y2 // v

	// d = g + wd*w
	VMULPS Y0, Y12, Y3
	VADDPS (SI), Y3, Y3

	// m += (1-b1)*(d - m)
	VSUBPS  Y1, Y3, Y4
	VMULPS  Y4, Y15, Y4
	VADDPS  Y4, Y1, Y1
	VMOVUPS Y1, (DX)

	// v = b2*v + ((1-b2)*d)*d
	VMULPS  Y2, Y14, Y2
	VMULPS  Y3, Y13, Y4
	VMULPS  Y3, Y4, Y4
	VADDPS  Y4, Y2, Y2
	VMOVUPS Y2, (R8)

	// w -= (stepSize*m) / (sqrt(v)/bc2Sqrt + eps)
	VSQRTPS Y2, Y2
	VDIVPS  Y9, Y2, Y2
	VADDPS  Y11, Y2, Y2
	VMULPS  Y1, Y10, Y4
	VDIVPS  Y2, Y4, Y4
	VSUBPS  Y4, Y0, Y0
	VMOVUPS Y0, (DI)

	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, R8
	DECQ CX
	JNZ  aloop

adone:
	VZEROUPPER
	RET
