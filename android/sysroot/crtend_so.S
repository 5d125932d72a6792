/*
 * Linked last into every library (see crtbegin_so.c). Marks the stack non-executable and, except
 * on 32-bit ARM (which unwinds through .ARM.exidx), ends .eh_frame with the zero-length entry that
 * unwinders walking the section take as its end.
 */
	.section .note.GNU-stack, "", %progbits

#if !defined(__arm__)
	.section .eh_frame, "a", %progbits
	.balign 4
	.long 0
#endif
