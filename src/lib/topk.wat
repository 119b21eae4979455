;; Top-k expert selection over rows of float32 router logits, with 128-bit SIMD.
;; Assembled by scripts/wasm.ts into src/lib/topk-wasm.ts; called through topKWasm in
;; src/lib/topk.ts by routeTopKFlat in src/lib/moe.ts, which computes the gates. The same
;; result and tie rule as topKScan (the JavaScript version in topk.ts), in float64 like it:
;; score = logit + bias; the k best scores, best first, an equal score keeping the lower index,
;; NaN counting as -inf.
;; Before the scan, one SIMD pass finds a floor that the row's k-th best score reaches: the
;; k-th largest of the maxima of 16 groups of experts ($floor16; $floor16f32 without a bias,
;; where the scores are the float32 logits themselves). With a floor, the row starts from k
;; empty slots and nothing below the floor can enter, so only about 9 of 256 scores are ever
;; looked at one by one; without one (k > 16, fewer than 16 experts) the first k scores fill
;; the slots (NaN as -inf). The scan compares four scores at a time with the k-th best and the
;; floor and visits only the lanes that pass, lowest first; a score enters only if strictly
;; above the current k-th best.
;; Memory (byte offsets): logits at 0 (tokens × experts f32); `bias` (experts f64, 8-aligned);
;; `out` (tokens × k i32: chosen expert indices, best first); `vals` (tokens × k f32: their
;; logits); `buf` (16-aligned scratch: 16 f64 for $floor16, then the row's k best scores, f64).
;; `plain` = 1 when every bias is 0.
(module
  (memory (export "memory") 1)

  ;; logit j of the row at byte offset $row, plus bias j, in float64.
  (func $score (param $row i32) (param $bias i32) (param $j i32) (result f64)
    (f64.add
      (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
      (f64.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 3))))))

  ;; Put expert j (score s) at slot $p of the buffer or higher, shifting worse entries down one slot.
  (func $insert (param $s f64) (param $j i32) (param $p i32) (param $orow i32) (param $buf i32)
    (local $prev f64)
    (block $done
      (loop $shift
        (br_if $done (i32.eqz (local.get $p)))
        (local.set $prev (f64.load (i32.add (local.get $buf) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 3)))))
        (br_if $done (i32.eqz (f64.lt (local.get $prev) (local.get $s))))
        (f64.store (i32.add (local.get $buf) (i32.shl (local.get $p) (i32.const 3))) (local.get $prev))
        (i32.store (i32.add (local.get $orow) (i32.shl (local.get $p) (i32.const 2)))
          (i32.load (i32.add (local.get $orow) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2)))))
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br $shift)))
    (f64.store (i32.add (local.get $buf) (i32.shl (local.get $p) (i32.const 3))) (local.get $s))
    (i32.store (i32.add (local.get $orow) (i32.shl (local.get $p) (i32.const 2))) (local.get $j)))

  ;; A lower bound on the row's k-th best score (k <= 16), from one SIMD pass: the maxima of 16
  ;; disjoint groups of experts (expert j in group j mod 16, full blocks of 16 only; NaN ignored),
  ;; and of those the k-th largest, so at least k scores reach it. -inf when there is no block of 16.
  ;; $tmp: 16 f64 of scratch.
  (func $floor16 (param $row i32) (param $bias i32) (param $experts i32) (param $k i32) (param $tmp i32) (result f64)
    (local $j i32) (local $v v128) (local $b i32) (local $i i32) (local $p i32) (local $x f64) (local $prev f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (if (i32.lt_u (local.get $experts) (i32.const 16)) (then (return (f64.const -inf))))
    (local.set $a0 (f64x2.splat (f64.const -inf)))
    (local.set $a1 (local.get $a0)) (local.set $a2 (local.get $a0)) (local.set $a3 (local.get $a0))
    (local.set $a4 (local.get $a0)) (local.set $a5 (local.get $a0)) (local.set $a6 (local.get $a0)) (local.set $a7 (local.get $a0))
    (block $done
      (loop $blocks
        (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $experts)))
        (local.set $b (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $v (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $a0 (f64x2.pmax (local.get $a0) (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (local.get $b)))))
        (local.set $a1 (f64x2.pmax (local.get $a1) (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (local.get $b)))))
        (local.set $v (v128.load offset=16 (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $a2 (f64x2.pmax (local.get $a2) (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (i32.add (local.get $b) (i32.const 32))))))
        (local.set $a3 (f64x2.pmax (local.get $a3) (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (i32.add (local.get $b) (i32.const 32))))))
        (local.set $v (v128.load offset=32 (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $a4 (f64x2.pmax (local.get $a4) (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (i32.add (local.get $b) (i32.const 64))))))
        (local.set $a5 (f64x2.pmax (local.get $a5) (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (i32.add (local.get $b) (i32.const 64))))))
        (local.set $v (v128.load offset=48 (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $a6 (f64x2.pmax (local.get $a6) (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (i32.add (local.get $b) (i32.const 96))))))
        (local.set $a7 (f64x2.pmax (local.get $a7) (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (i32.add (local.get $b) (i32.const 96))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $blocks)))
    (v128.store (local.get $tmp) (local.get $a0))
    (v128.store offset=16 (local.get $tmp) (local.get $a1))
    (v128.store offset=32 (local.get $tmp) (local.get $a2))
    (v128.store offset=48 (local.get $tmp) (local.get $a3))
    (v128.store offset=64 (local.get $tmp) (local.get $a4))
    (v128.store offset=80 (local.get $tmp) (local.get $a5))
    (v128.store offset=96 (local.get $tmp) (local.get $a6))
    (v128.store offset=112 (local.get $tmp) (local.get $a7))
    (call $kthLargest16 (local.get $tmp) (local.get $k)))

  ;; The same bound for a row without bias, in float32 (exact: every score is a float32), four
  ;; experts per instruction. Groups are again expert j mod 16.
  (func $floor16f32 (param $row i32) (param $experts i32) (param $k i32) (param $tmp i32) (result f64)
    (local $j i32) (local $r i32) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $x v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $kk v128) (local $lowest v128)
    (if (i32.lt_u (local.get $experts) (i32.const 16)) (then (return (f64.const -inf))))
    (local.set $a0 (f32x4.splat (f32.const -inf)))
    (local.set $lowest (local.get $a0))
    (local.set $a1 (local.get $a0)) (local.set $a2 (local.get $a0)) (local.set $a3 (local.get $a0))
    (block $done
      (loop $blocks
        (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $experts)))
        (local.set $r (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $a0 (f32x4.pmax (local.get $a0) (v128.load (local.get $r))))
        (local.set $a1 (f32x4.pmax (local.get $a1) (v128.load offset=16 (local.get $r))))
        (local.set $a2 (f32x4.pmax (local.get $a2) (v128.load offset=32 (local.get $r))))
        (local.set $a3 (f32x4.pmax (local.get $a3) (v128.load offset=48 (local.get $r))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $blocks)))
    ;; The k-th largest of the 16 maxima without a sort or a branch: count, for every maximum,
    ;; how many of the 16 reach it (c0..c3, lane by lane); the bound is the largest maximum
    ;; that at least k of them reach.
    (local.set $x (f32x4.splat (f32x4.extract_lane 0 (local.get $a0))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 1 (local.get $a0))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 2 (local.get $a0))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 3 (local.get $a0))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 0 (local.get $a1))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 1 (local.get $a1))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 2 (local.get $a1))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 3 (local.get $a1))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 0 (local.get $a2))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 1 (local.get $a2))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 2 (local.get $a2))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 3 (local.get $a2))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 0 (local.get $a3))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 1 (local.get $a3))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 2 (local.get $a3))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $x (f32x4.splat (f32x4.extract_lane 3 (local.get $a3))))
    (local.set $c0 (i32x4.sub (local.get $c0) (f32x4.ge (local.get $x) (local.get $a0))))
    (local.set $c1 (i32x4.sub (local.get $c1) (f32x4.ge (local.get $x) (local.get $a1))))
    (local.set $c2 (i32x4.sub (local.get $c2) (f32x4.ge (local.get $x) (local.get $a2))))
    (local.set $c3 (i32x4.sub (local.get $c3) (f32x4.ge (local.get $x) (local.get $a3))))
    (local.set $kk (i32x4.splat (local.get $k)))
    (local.set $a0 (v128.bitselect (local.get $a0) (local.get $lowest) (i32x4.ge_s (local.get $c0) (local.get $kk))))
    (local.set $a1 (v128.bitselect (local.get $a1) (local.get $lowest) (i32x4.ge_s (local.get $c1) (local.get $kk))))
    (local.set $a2 (v128.bitselect (local.get $a2) (local.get $lowest) (i32x4.ge_s (local.get $c2) (local.get $kk))))
    (local.set $a3 (v128.bitselect (local.get $a3) (local.get $lowest) (i32x4.ge_s (local.get $c3) (local.get $kk))))
    (local.set $a0 (f32x4.pmax (f32x4.pmax (local.get $a0) (local.get $a1)) (f32x4.pmax (local.get $a2) (local.get $a3))))
    (local.set $a0 (f32x4.pmax (local.get $a0) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a0) (local.get $a0))))
    (local.set $a0 (f32x4.pmax (local.get $a0) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $a0) (local.get $a0))))
    (f64.promote_f32 (f32x4.extract_lane 0 (local.get $a0))))

  ;; The k-th largest of the 16 f64 at $tmp (k <= 16), by insertion-sorting them descending.
  (func $kthLargest16 (param $tmp i32) (param $k i32) (result f64)
    (local $i i32) (local $p i32) (local $x f64) (local $prev f64)
    (local.set $i (i32.const 1))
    (loop $sort
      (local.set $x (f64.load (i32.add (local.get $tmp) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $p (local.get $i))
      (block $placed
        (loop $shift
          (br_if $placed (i32.eqz (local.get $p)))
          (local.set $prev (f64.load (i32.add (local.get $tmp) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 3)))))
          (br_if $placed (i32.eqz (f64.lt (local.get $prev) (local.get $x))))
          (f64.store (i32.add (local.get $tmp) (i32.shl (local.get $p) (i32.const 3))) (local.get $prev))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $shift)))
      (f64.store (i32.add (local.get $tmp) (i32.shl (local.get $p) (i32.const 3))) (local.get $x))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $sort (i32.lt_u (local.get $i) (i32.const 16))))
    (f64.load (i32.add (local.get $tmp) (i32.shl (i32.sub (local.get $k) (i32.const 1)) (i32.const 3)))))

  ;; For each of `tokens` rows of `experts` logits, write the k best experts' indices, best first, at `out`
  ;; and their logits at `vals`.
  (func (export "topk") (param $tokens i32) (param $experts i32) (param $k i32) (param $bias i32) (param $plain i32) (param $out i32) (param $vals i32) (param $buf i32)
    (local $t i32) (local $j i32) (local $row i32) (local $orow i32) (local $last i32)
    (local $s f64) (local $thr f64) (local $thr2 v128) (local $floor f64) (local $floor2 v128) (local $v v128) (local $b i32) (local $q i32)
    (local $lo v128) (local $hi v128) (local $best i32) (local $n i32) (local $hit i32) (local $floor4 v128)
    (local.set $best (i32.add (local.get $buf) (i32.const 128)))
    (local.set $last (i32.sub (local.get $k) (i32.const 1)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $t) (local.get $tokens)))
        (local.set $row (i32.shl (i32.mul (local.get $t) (local.get $experts)) (i32.const 2)))
        (local.set $orow (i32.add (local.get $out) (i32.shl (i32.mul (local.get $t) (local.get $k)) (i32.const 2))))
        (local.set $floor (f64.const -inf))
        (if (i32.le_u (local.get $k) (i32.const 16))
          (then (local.set $floor (if (result f64) (local.get $plain)
            (then (call $floor16f32 (local.get $row) (local.get $experts) (local.get $k) (local.get $buf)))
            (else (call $floor16 (local.get $row) (local.get $bias) (local.get $experts) (local.get $k) (local.get $buf)))))))
        (local.set $floor2 (f64x2.splat (local.get $floor)))
        (local.set $floor4 (f32x4.splat (f32.demote_f64 (local.get $floor))))
        (local.set $j (i32.const 0))
        (if (f64.gt (local.get $floor) (f64.const -inf))
          (then
            ;; With a floor, at least k scores reach it and nothing below it can be chosen: start
            ;; from k empty slots (-inf) and let the scan admit every score from expert 0 on.
            (loop $empty
              (f64.store (i32.add (local.get $best) (i32.shl (local.get $j) (i32.const 3))) (f64.const -inf))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $empty (i32.lt_u (local.get $j) (local.get $k))))
            (local.set $j (i32.const 0)))
          (else
            ;; Fill: the first k scores, insertion-sorted descending; NaN becomes -inf.
            (block $fill_done
              (loop $fill
                (br_if $fill_done (i32.ge_u (local.get $j) (local.get $k)))
                (local.set $s (call $score (local.get $row) (local.get $bias) (local.get $j)))
                (if (f64.ne (local.get $s) (local.get $s)) (then (local.set $s (f64.const -inf))))
                (call $insert (local.get $s) (local.get $j) (local.get $j) (local.get $orow) (local.get $best))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $fill)))))
        (local.set $thr (f64.load (i32.add (local.get $best) (i32.shl (local.get $last) (i32.const 3)))))
        ;; Scan four scores at a time (fewer at the row's end); look at them one by one only when
        ;; one of them beats the k-th best and reaches the floor.
        (block $vec_done
          (loop $vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $experts)))
            ;; $hit: one bit per lane that may enter (all remaining lanes at the row's end).
            (local.set $n (i32.sub (local.get $experts) (local.get $j)))
            (if (i32.ge_u (local.get $n) (i32.const 4))
              (then
                (local.set $v (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
                (if (local.get $plain)
                  (then
                    ;; No bias: the scores are the float32 logits, and the k-th best and the floor
                    ;; are float32 values too, so one float32 comparison decides all four.
                    (local.set $hit (i32x4.bitmask (v128.and
                      (f32x4.gt (local.get $v) (f32x4.splat (f32.demote_f64 (local.get $thr))))
                      (f32x4.ge (local.get $v) (local.get $floor4))))))
                  (else
                    (local.set $b (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 3))))
                    (local.set $thr2 (f64x2.splat (local.get $thr)))
                    (local.set $lo (f64x2.add (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (local.get $b))))
                    (local.set $hi (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (local.get $b))))
                    (local.set $hit (i32.or
                      (i64x2.bitmask (v128.and (f64x2.gt (local.get $lo) (local.get $thr2)) (f64x2.ge (local.get $lo) (local.get $floor2))))
                      (i32.shl (i64x2.bitmask (v128.and (f64x2.gt (local.get $hi) (local.get $thr2)) (f64x2.ge (local.get $hi) (local.get $floor2)))) (i32.const 2)))))))
              (else (local.set $hit (i32.sub (i32.shl (i32.const 1) (local.get $n)) (i32.const 1)))))
            ;; Each flagged lane in turn (lowest first); an earlier one may have raised the k-th best.
            (block $lanes_done
              (loop $lanes
                (br_if $lanes_done (i32.eqz (local.get $hit)))
                (local.set $q (i32.add (local.get $j) (i32.ctz (local.get $hit))))
                (local.set $hit (i32.and (local.get $hit) (i32.sub (local.get $hit) (i32.const 1))))
                (local.set $s (f64.add
                  (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $q) (i32.const 2)))))
                  (f64.load (i32.add (local.get $bias) (i32.shl (local.get $q) (i32.const 3))))))
                (if (i32.and (f64.gt (local.get $s) (local.get $thr)) (f64.ge (local.get $s) (local.get $floor)))
                  (then
                    (call $insert (local.get $s) (local.get $q) (local.get $last) (local.get $orow) (local.get $best))
                    (local.set $thr (f64.load (i32.add (local.get $best) (i32.shl (local.get $last) (i32.const 3)))))))
                (br $lanes)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vec)))
        ;; The chosen experts' logits, copied while the row is in cache (the gates are their softmax).
        (local.set $q (i32.const 0))
        (loop $copy
          (f32.store
            (i32.add (local.get $vals) (i32.shl (i32.add (i32.mul (local.get $t) (local.get $k)) (local.get $q)) (i32.const 2)))
            (f32.load (i32.add (local.get $row) (i32.shl (i32.load (i32.add (local.get $orow) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 2)))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br_if $copy (i32.lt_u (local.get $q) (local.get $k))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rows)))))
