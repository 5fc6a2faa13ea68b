import * as z from 'zod';

/** A structured resume: what question generation and the server's `GET /api/resume` use. */
export const ResumeProfileSchema = z.object({
  name: z.string().max(200).nullable(),
  email: z.string().max(200).nullable(),
  phone: z.string().max(50).nullable(),
  skills: z.array(z.string().max(100)).max(100),
  experience: z
    .array(
      z.object({
        title: z.string().max(200),
        company: z.string().max(200).nullable(),
        /** Years in the role, when the dates could be read. */
        years: z.number().min(0).max(60).nullable(),
        description: z.string().max(2000).nullable(),
      }),
    )
    .max(50),
  /** Total years of experience, when known. */
  total_years: z.number().min(0).max(60).nullable(),
  projects: z.array(z.object({ name: z.string().max(200), description: z.string().max(2000).nullable() })).max(50),
  education: z
    .array(z.object({ degree: z.string().max(300), institution: z.string().max(300).nullable(), year: z.number().int().min(1950).max(2100).nullable() }))
    .max(20),
  certifications: z.array(z.string().max(200)).max(50),
  /** `llm` when a language model parsed it, `heuristic` for the offline parser. */
  parser: z.enum(['llm', 'heuristic']),
});
/** A structured resume. */
export type ResumeProfile = z.infer<typeof ResumeProfileSchema>;
