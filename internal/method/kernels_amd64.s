//go:build amd64 && !purego

#include "textflag.h"

// AVX2 versions of bgdSampleGo and bgdAccumulateGo (kernels.go): the same IEEE
// operations in the same order, without FMA. n is a multiple of 8. Go assembler
// operand order: sources first, destination last.

// func bgdSampleAVX2(p, mu, sigma, eps *float32, n int)
TEXT ·bgdSampleAVX2(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), DI
	MOVQ mu+8(FP), SI
	MOVQ sigma+16(FP), DX
	MOVQ eps+24(FP), R8
	MOVQ n+32(FP), CX
	SHRQ $3, CX
	JZ   sdone

sloop:
	VMOVUPS (DX), Y0
	VMULPS  (R8), Y0, Y0 // sigma*eps
	VADDPS  (SI), Y0, Y0 // mu + sigma*eps
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	DECQ    CX
	JNZ     sloop

sdone:
	VZEROUPPER
	RET

// func bgdAccumulateAVX2(eg, egeps, grads, eps *float32, n int, scale float32)
TEXT ·bgdAccumulateAVX2(SB), NOSPLIT, $0-44
	MOVQ         eg+0(FP), DI
	MOVQ         egeps+8(FP), SI
	MOVQ         grads+16(FP), DX
	MOVQ         eps+24(FP), R8
	MOVQ         n+32(FP), CX
	VBROADCASTSS scale+40(FP), Y15
	SHRQ         $3, CX
	JZ           adone

aloop:
	VMOVUPS (DX), Y0
	VMULPS  Y15, Y0, Y0  // gs = g*scale
	VADDPS  (DI), Y0, Y1 // eg + gs
	VMOVUPS Y1, (DI)
	VMULPS  (R8), Y0, Y2 // gs*eps
	VADDPS  (SI), Y2, Y2 // egeps + gs*eps
	VMOVUPS Y2, (SI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	DECQ    CX
	JNZ     aloop

adone:
	VZEROUPPER
	RET
